import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { entryMessages } from './texts'
import { jobIdPart } from '../../queue/job-id'
import type { DigestKind } from '../../store/entry-digest'

export const ENTRY_DIGEST = 'entry-digest'

/** A contact the gate tells HQ about. */
export interface Stranger {
  id: string
  name: string
}

/**
 * What the entry gate tells HQ (issue 17: strangers flooded HQ). With `entry.digestMs` above 0
 * every line waits in Redis for the digest: one HQ message per window, with counts, a
 * stranger who repeats counted once. The digest is a control-queue delayed job, so it is
 * sent after a restart too. With 0 each line goes at once, as written.
 */
export interface GateHq {
  /** any line of the gate (a group full, an invitation not accepted, a failure) */
  note(text: string, jobId: string): Promise<void>
  /** a friend request left for a human: no keyword (`today`: the day's count so far) */
  unmatched(who: Stranger, hello: string, today: number, jobId: string): Promise<void>
  /** a friend request with a code that is not one, or spent, or past the contact's tries */
  codeRefused(who: Stranger, hello: string, jobId: string): Promise<void>
  /** a contact went past `entry.codes.maxTries`: told once to stop */
  codeLimited(who: Stranger, jobId: string): Promise<void>
}

export function createGateHq(ctx: AppContext): GateHq {
  const digest = ctx.stores.entryDigest
  const digestMs = () => ctx.config().entry.digestMs

  async function gather(kind: DigestKind, key: string, sample: string, now: string, jobId: string): Promise<void> {
    const ms = digestMs()
    if (ms === 0) return ctx.hq.say(now, jobIdPart(jobId))
    const id = await digest.add(kind, key, sample, ms)
    // added with every line, under the digest's id: the first add schedules it, the rest are no-ops
    // (and one lost in a crash between the script and here is made good by the next line)
    await ctx.control.add(ENTRY_DIGEST, { id }, { jobId: `entry-digest-${id}`, delayMs: ms })
  }

  ctx.control.on(ENTRY_DIGEST, async (data) => {
    const id = String(data.id)
    await digest.close(id)
    const { content, fields } = await digest.read(id)
    if (!fields.length) return
    const today = (await ctx.stores.entryStats.sum([dayKey(ctx.now(), ctx.config().timezone)])).unmatched
    // sent under the digest's id: a retry after a crash before the drop sends nothing twice
    await ctx.hq.say(entryMessages.hq.digest(content, today), `entry-digest-${id}`)
    await digest.drop(fields)
    ctx.logger.info({ digest: id, unmatched: content.unmatched.events, codeRefused: content.codeRefused.events, notes: content.note.events }, 'entry digest sent to HQ')
  })

  return {
    note: (text, jobId) => gather('note', text, text, text, jobId),
    unmatched: (who, hello, today, jobId) =>
      gather('unmatched', who.id, entryMessages.hq.requestSample(who.name, who.id, hello), entryMessages.hq.unmatched(who.name, who.id, hello, today), jobId),
    codeRefused: (who, hello, jobId) =>
      gather('codeRefused', who.id, entryMessages.hq.requestSample(who.name, who.id, hello), entryMessages.hq.codeRefused(who.name, who.id, hello), jobId),
    codeLimited: (who, jobId) => gather('codeLimited', who.id, entryMessages.hq.who(who.name, who.id), entryMessages.hq.codeLimited(who.name, who.id), jobId),
  }
}
