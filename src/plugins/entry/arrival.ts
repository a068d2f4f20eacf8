import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { entryMessages } from './texts'
import { jobIdPart } from '../../queue/job-id'
import type { EntryApplication, EntryApplications } from '../../store/entry-applications'
import type { EntrySeats } from '../../store/entry-seats'
import type { JoinEvent } from '../../wechat/adapter'
import type { GateHq } from './gate-hq'
import { ENTRY_REMIND, seatHeldUntil, type Seating } from './seating'

/**
 * The end of an application: the join closes it and the newcomer is welcomed with the
 * nickname their answers suggest; an invitation left unaccepted is reminded once, then
 * reported; a group the bot created gets its tags and rules, and those waiting for it.
 */
export function createArrival(ctx: AppContext, apps: EntryApplications, seats: EntrySeats, seating: Seating, hq: GateHq) {
  const cfg = () => ctx.config().entry
  const say = (to: string, text: string, jobId: string, mentionIds?: string[]) =>
    ctx.act({ type: 'say', to, text, ...(mentionIds ? { mentionIds } : {}) }, 'member', { jobId: jobIdPart(jobId) })

  ctx.control.on(ENTRY_REMIND, async (data) => {
    const app = await apps.get(String(data.contactId))
    if (!app || app.status !== 'invited' || app.startedAt !== data.startedAt || !app.roomId) return
    const topic = app.topic ?? app.roomId
    // a join the bot missed (a restart, an event WeChat never sent) still counts
    if ((await ctx.view.members(app.roomId)).some((m) => m.id === app.contactId)) return arrived(app, app.roomId)
    // the times count from when WeChat took the invitation: one still waiting in the paced
    // queue is not reminded, nor closed, before it went out (its seat is held meanwhile)
    const due = remindDue(app, String(data.stage), ctx.now())
    if (due > ctx.now()) {
      await ctx.control.add(ENTRY_REMIND, data, { jobId: jobIdPart(`entry-${String(data.stage)}-${app.contactId}-${app.startedAt}-${due}`), delayMs: due - ctx.now() })
      return
    }
    if (data.stage === 'remind') {
      await say(app.contactId, entryMessages.inviteReminder(topic), `entry-remind-say-${app.contactId}-${app.startedAt}`)
      await ctx.control.add(ENTRY_REMIND, { ...data, stage: 'report' }, {
        jobId: jobIdPart(`entry-report-${app.contactId}-${app.startedAt}`),
        delayMs: cfg().inviteTimeoutMs,
      })
      return
    }
    await apps.close(app.contactId)
    await seats.releaseSeat(app.roomId, app.contactId)
    await hq.note(entryMessages.hq.notJoined(app.name, app.contactId, topic), `entry-report-hq-${app.contactId}-${app.startedAt}`)
    // the seat is free: someone waiting may take it
    await seating.wake(`lapsed-${app.contactId}-${app.startedAt}`)
  })

  /**
   * When a stage of an unaccepted invitation is due: `inviteTimeoutMs` (remind) or twice that
   * (report) after WeChat took it. Not taken yet: waiting in the queue, so not before its
   * seat's hold ends (an outcome lost to a crash cannot keep it open for ever).
   */
  function remindDue(app: EntryApplication, stage: string, now: number): number {
    const timeout = cfg().inviteTimeoutMs
    const stages = stage === 'remind' ? 1 : 2
    if (app.inviteSentAt !== undefined) return app.inviteSentAt + stages * timeout
    const queuedAt = app.invitedAt ?? now
    return Math.min(now + timeout, seatHeldUntil(queuedAt, timeout))
  }

  /** WeChat took the invitation (sent, or maybe sent): its times and its seat count from now */
  async function inviteSent(contactId: string, roomId: string): Promise<void> {
    const app = await apps.get(contactId)
    if (!app || app.status !== 'invited' || app.roomId !== roomId || app.inviteSentAt !== undefined) return
    const now = ctx.now()
    await apps.put({ ...app, inviteSentAt: now })
    await seats.extend(roomId, contactId, seatHeldUntil(now, cfg().inviteTimeoutMs))
  }

  async function arrived(app: EntryApplication, roomId: string): Promise<void> {
    // first the mark the rules' welcome reads (gateWelcomed): its batch may close any moment
    const profile = await apps.profile(app.contactId)
    if (profile) await apps.putProfile({ ...profile, roomId, joinedAt: ctx.now() })
    await apps.close(app.contactId)
    await ctx.stores.entryStats.count(dayKey(ctx.now(), ctx.config().timezone), 'joined')
    // the seat is theirs now; it counts a little longer, for readings taken before the join
    await seats.joined(roomId, app.contactId, ctx.now())
    const topic = (await ctx.view.group(roomId))?.topic ?? app.topic ?? roomId
    await say(roomId, entryMessages.welcome(topic, profile?.nickname), `entry-welcome-${app.contactId}-${app.startedAt}`, [app.contactId])
    ctx.logger.info({ contactId: app.contactId, roomId, channel: app.channel }, 'entry application closed: joined')
  }

  /** a group made for the gate exists: tags, rules, and everyone waiting for it is invited */
  async function roomCreated(roomId: string, topic: string): Promise<void> {
    const done = await seats.created(topic)
    if (!done) return
    const info = await ctx.view.group(roomId)
    if (info) await ctx.registry.update(info, ctx.now())
    if (done.creation.tags.length) await ctx.registry.setTags(roomId, done.creation.tags)
    const example = ctx.config().rules.nickname.example
    await ctx.act({ type: 'announce', roomId, text: entryMessages.rulesAnnouncement(topic, example) }, 'member', { jobId: jobIdPart(`entry-rules-${roomId}`) })
    await hq.note(entryMessages.hq.created(topic, done.creation.tags), `entry-created-${roomId}`)
    // those who waited for it take its seats like anyone else: past its capacity, the next group
    for (const contactId of done.waiting) {
      const app = await apps.get(contactId)
      if (app?.status === 'creating') await seating.intoNewRoom(app, roomId, topic)
    }
  }

  /** who was waiting for a group WeChat would not create (its creation is forgotten) */
  async function creationFailed(topic: string): Promise<string[]> {
    const done = await seats.created(topic)
    return done ? [...new Set([done.creation.contactId, ...done.waiting])] : []
  }

  return {
    creationFailed,
    inviteSent,
    async onJoin(e: JoinEvent): Promise<void> {
      let topic: string | undefined
      for (const contactId of e.memberIds) {
        const app = await apps.get(contactId)
        if (!app) continue
        if (app.status === 'invited' && app.roomId === e.roomId) {
          await arrived(app, e.roomId)
          continue
        }
        if (app.status === 'creating') {
          // the group made for them: its join may come before the action's outcome
          topic ??= (await ctx.view.group(e.roomId))?.topic
          if (!topic || topic !== app.topic) continue
          await roomCreated(e.roomId, topic)
          await arrived(app, e.roomId)
        }
      }
    },
    roomCreated,
  }
}
