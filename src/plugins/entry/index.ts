import { createKeyedSerial } from '../../core/keyed-serial'
import { dayKey } from '../../core/time-window'
import { entrySection } from '../../config/sections/entry'
import { definePlugin, type PluginContext } from '../../plugin'
import { entryMessages } from './texts'
import { jobIdPart } from '../../queue/job-id'
import { createApplying } from './applying'
import { createArrival } from './arrival'
import { registerCodesCommand } from './codes-command'
import { createGateHq } from './gate-hq'
import { matchHello, matchPrivate, type EntryStart } from './match-entry'

/**
 * The entry gate (docs/entry.md): a friend request or a private message with a keyword (or a
 * redemption code) opens an application; the form is asked in the private chat; the
 * newcomer is invited into the target's first group with room, and welcomed on arrival.
 */
function applyEntry(ctx: PluginContext): void {
  const { entryApps: apps, entrySeats: seats, entryCodes: codes } = ctx.stores
  const hq = createGateHq(ctx)
  const applying = createApplying(ctx, apps, seats, hq)
  const { seating } = applying
  const arrival = createArrival(ctx, apps, seats, seating, hq)
  // one contact's messages one after another: two quick answers must not both read step 1
  const serial = createKeyedSerial()
  registerCodesCommand(ctx, codes)

  /**
   * The target a start leads to. A code is tried only within the contact's tries
   * (`entry.codes.maxTries` per `triesWindowMs`): past them it is refused without being looked at.
   */
  async function targetOf(start: EntryStart, contactId: string): Promise<{ target: string; channel: string } | { refused: 'unknown' | 'spent' | 'tooMany' | 'silent' }> {
    if (start.kind === 'keyword') return { target: start.target, channel: `keyword:${start.keyword}` }
    const { maxTries, triesWindowMs } = ctx.config().entry.codes
    const tried = await codes.attempt(contactId, maxTries, triesWindowMs)
    if (tried !== 'try') return { refused: tried === 'refuse' ? 'tooMany' : 'silent' }
    const spent = await codes.spend(start.code, contactId, ctx.now())
    return spent.ok ? { target: spent.target, channel: `code:${start.code}` } : { refused: spent.why }
  }

  const stranger = async (id: string) => ({ id, name: (await ctx.view.contactName(id)) ?? id })

  ctx.middleware(async (c, next) => {
    const m = c.message
    if (m.roomId || m.fromId === ctx.view.selfId()) return next()
    const handled = await serial(m.fromId, async () => {
      const open = await apps.get(m.fromId)
      if (open?.status === 'asking') {
        await applying.answer(open, m.body ?? m.text, m.id)
        return true
      }
      const start = matchPrivate(m.body ?? m.text, ctx.config().entry.friendKeywords)
      if (!start) return false
      const to = await targetOf(start, m.fromId)
      if ('refused' in to) {
        // past the tries: told once, then nothing until the window ends
        if (to.refused === 'silent') return true
        if (to.refused === 'tooMany') await hq.codeLimited(await stranger(m.fromId), `entry-code-limit-${m.id}`)
        const text =
          to.refused === 'spent'
            ? entryMessages.codeSpent
            : to.refused === 'tooMany'
              ? entryMessages.codeTooMany(Math.ceil(ctx.config().entry.codes.triesWindowMs / 60_000))
              : entryMessages.codeUnknown
        await ctx.act({ type: 'say', to: m.fromId, text }, 'member', { jobId: jobIdPart(`entry-code-${m.id}`) })
        return true
      }
      await applying.begin(m.fromId, to.target, to.channel)
      return true
    })
    if (!handled) await next()
  })

  ctx.on('friendRequest', async (e) => {
    const start = matchHello(e.hello, ctx.config().entry.friendKeywords)
    const to = start ? await targetOf(start, e.contactId) : undefined
    if (!to || 'refused' in to) {
      // left for a human: HQ hears of it in the next digest (a stranger who repeats, once)
      const who = await stranger(e.contactId)
      const today = await ctx.stores.entryStats.count(dayKey(ctx.now(), ctx.config().timezone), 'unmatched')
      const jobId = `entry-unmatched-${e.friendshipId}`
      if (!to) await hq.unmatched(who, e.hello, today, jobId)
      else {
        if (to.refused === 'tooMany') await hq.codeLimited(who, `${jobId}-limit`)
        await hq.codeRefused(who, e.hello, jobId)
      }
      return
    }
    await ctx.act({ type: 'accept-friend', friendshipId: e.friendshipId, contactId: e.contactId }, 'member', {
      jobId: jobIdPart(`entry-accept-${e.friendshipId}`),
    })
    await serial(e.contactId, () => applying.begin(e.contactId, to.target, to.channel, { accepting: true }))
  })

  ctx.on('join', async (e) => {
    await arrival.onJoin(e)
    // the bot came into a group: it may be one the line waits for
    if (e.memberIds.includes(ctx.view.selfId() ?? '')) await seating.wake(`room-${e.roomId}-${e.at}`)
  })

  // a member removed frees a seat (WeChat reports no one who leaves by themselves: heldRetryMs finds those)
  ctx.on('leave', (e) => seating.wake(`leave-${e.roomId}-${e.at}`))
  ctx.on('configReload', () => seating.wake(`config-${ctx.now()}`))
  ctx.on('login', () => seating.wake(`login-${ctx.now()}`))

  /**
   * What WeChat did with the gate's actions. A puppet that cannot accept friends, invite or
   * create groups fails them: the application then waits for a human and HQ is told.
   */
  ctx.on('outcome', async (jobId, data, outcome) => {
    if (!jobId.startsWith('entry-')) return
    const a = data.action
    const sent = outcome.status === 'sent'
    const error = outcome.status === 'failed' ? outcome.error : outcome.status
    if (a.type === 'accept-friend') {
      if (sent) await serial(a.contactId, () => applying.accepted(a.contactId))
      else await serial(a.contactId, () => applying.failed(a.contactId, entryMessages.hq.acceptFailed(a.contactId, error)))
    } else if (a.type === 'invite' && (sent || outcome.status === 'uncertain')) {
      await serial(a.contactId, () => arrival.inviteSent(a.contactId, a.roomId))
    } else if (a.type === 'invite') {
      await serial(a.contactId, () => applying.failed(a.contactId, entryMessages.hq.inviteFailed(a.contactId, a.roomId, error)))
    } else if (a.type === 'create-room') {
      if (sent && outcome.roomId) return arrival.roomCreated(outcome.roomId, a.topic)
      if (sent) return // the join of the new group finishes it (arrival.onJoin)
      for (const contactId of await arrival.creationFailed(a.topic)) {
        await serial(contactId, () => applying.failed(contactId, entryMessages.hq.createFailed(a.topic, contactId, error)))
      }
    }
  })
}

/** The entry gate: keywords, application forms, routing into groups with room, codes; owns `entry:`. */
export const entryPlugin = definePlugin({ name: 'entry', Config: entrySection, apply: applyEntry })
