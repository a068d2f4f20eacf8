import { createKeyedSerial } from '../core/keyed-serial'
import { dayKey } from '../core/time-window'
import type { AppContext, Feature } from '../feature'
import { entryMessages } from '../messages/entry'
import { jobIdPart } from '../queue/job-id'
import { createApplying } from './applying'
import { createArrival } from './arrival'
import { registerCodesCommand } from './codes-command'
import { matchHello, matchPrivate, type EntryStart } from './match-entry'

/**
 * The entry gate (docs/entry.md): a friend request or a private message with a keyword (or a
 * redemption code) opens an application; the form is asked in the private chat; the
 * newcomer is invited into the target's first group with room, and welcomed on arrival.
 */
export function entryFeature(ctx: AppContext): Feature {
  const { entryApps: apps, entrySeats: seats, entryCodes: codes } = ctx.stores
  const applying = createApplying(ctx, apps, seats)
  const arrival = createArrival(ctx, apps, seats, applying)
  // one contact's messages one after another: two quick answers must not both read step 1
  const serial = createKeyedSerial()
  registerCodesCommand(ctx, codes)

  /** the target a start leads to; a refused code is told why (privately, or to HQ for a request) */
  async function targetOf(start: EntryStart, contactId: string): Promise<{ target: string; channel: string } | { refused: 'unknown' | 'spent' }> {
    if (start.kind === 'keyword') return { target: start.target, channel: `keyword:${start.keyword}` }
    const spent = await codes.spend(start.code, contactId, ctx.now())
    return spent.ok ? { target: spent.target, channel: `code:${start.code}` } : { refused: spent.why }
  }

  return {
    name: 'entry',
    async middleware(c, next) {
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
          const text = to.refused === 'spent' ? entryMessages.codeSpent : entryMessages.codeUnknown
          await ctx.act({ type: 'say', to: m.fromId, text }, 'member', { jobId: jobIdPart(`entry-code-${m.id}`) })
          return true
        }
        await applying.begin(m.fromId, to.target, to.channel)
        return true
      })
      if (!handled) await next()
    },

    async onFriendRequest(e) {
      const start = matchHello(e.hello, ctx.config().entry.friendKeywords)
      const to = start ? await targetOf(start, e.contactId) : undefined
      if (!to || 'refused' in to) {
        // left for a human: HQ hears of each, with the day's count
        const name = (await ctx.view.contactName(e.contactId)) ?? e.contactId
        const today = await ctx.stores.entryStats.count(dayKey(ctx.now(), ctx.config().timezone), 'unmatched')
        const text = to ? entryMessages.hq.codeRefused(name, e.contactId, e.hello) : entryMessages.hq.unmatched(name, e.contactId, e.hello, today)
        await ctx.tellHq(text, jobIdPart(`entry-unmatched-${e.friendshipId}`))
        return
      }
      await ctx.act({ type: 'accept-friend', friendshipId: e.friendshipId, contactId: e.contactId }, 'member', {
        jobId: jobIdPart(`entry-accept-${e.friendshipId}`),
      })
      await serial(e.contactId, () => applying.begin(e.contactId, to.target, to.channel, { accepting: true }))
    },

    onJoin: (e) => arrival.onJoin(e),

    /**
     * What WeChat did with the gate's actions. A puppet that cannot accept friends, invite or
     * create groups fails them: the application then waits for a human and HQ is told.
     */
    async onOutcome(jobId, data, outcome) {
      if (!jobId.startsWith('entry-')) return
      const a = data.action
      const sent = outcome.status === 'sent'
      const error = outcome.status === 'failed' ? outcome.error : outcome.status
      if (a.type === 'accept-friend') {
        if (sent) await serial(a.contactId, () => applying.accepted(a.contactId))
        else await serial(a.contactId, () => applying.failed(a.contactId, entryMessages.hq.acceptFailed(a.contactId, error)))
      } else if (a.type === 'invite' && !sent && outcome.status !== 'uncertain') {
        await serial(a.contactId, () => applying.failed(a.contactId, entryMessages.hq.inviteFailed(a.contactId, a.roomId, error)))
      } else if (a.type === 'create-room') {
        if (sent && outcome.roomId) return arrival.roomCreated(outcome.roomId, a.topic)
        if (sent) return // the join of the new group finishes it (arrival.onJoin)
        for (const contactId of await arrival.creationFailed(a.topic)) {
          await serial(contactId, () => applying.failed(contactId, entryMessages.hq.createFailed(a.topic, contactId, error)))
        }
      }
    },
  }
}
