import type { EntryForm } from '../../config/schema'
import { parseTarget } from '../../core/commands/parse-target'
import { isProblem, type Target } from '../../core/commands/arg-types'
import { fnv1a } from '../../core/fnv1a'
import type { ManagedGroup } from '../../core/groups'
import { resolveTarget } from '../../core/targets'
import type { AppContext } from '../../feature'
import { entryMessages } from './texts'
import { jobIdPart } from '../../queue/job-id'
import type { EntryApplication, EntryApplications } from '../../store/entry-applications'
import { channelOfEntry } from '../../store/entry-channels'
import type { EntrySeats, SeatRoom } from '../../store/entry-seats'
import { routeAnswer } from './form'
import type { GateHq } from './gate-hq'
import { nextTopic, routeGroups } from './route'

export const ENTRY_REMIND = 'entry-remind'
export const ENTRY_WAKE = 'entry-wake'

/** an invitation's seat counts this long past its report (2 × inviteTimeoutMs), in case the report job runs late */
const SEAT_SLACK_MS = 60_000

/** how long an invitation made (or sent) at `at` holds its seat: past its report, in case the report job runs late */
export const seatHeldUntil = (at: number, inviteTimeoutMs: number) => at + 2 * inviteTimeoutMs + SEAT_SLACK_MS

export type RouteResult = { kind: 'invited' | 'waiting' | 'other'; label?: string }

export interface Seating {
  /**
   * The group of a finished application: a seat taken atomically in the first group with
   * room, else a new group (`autoCreate`), else the line. `waitingSince`: they were in the line.
   */
  route(app: EntryApplication, form: EntryForm | undefined, waitingSince?: number): Promise<RouteResult>
  /** one waiting for a group just made: a seat in it, else routed again (perhaps the next group) */
  intoNewRoom(app: EntryApplication, roomId: string, topic: string): Promise<void>
  /** a seat may have freed, or a group come: the line is tried again (a control job), when anyone waits */
  wake(reason: string): Promise<void>
}

/**
 * Seats, groups and the line of the entry gate (docs/entry.md, "Routing"). The pick of a room
 * and the hold of its seat are one Redis script (store/entry-seat-script.ts), so applicants
 * answering at the same moment, in any process or account, never take more seats than a
 * group has. When every group is full HQ hears it once and the applicants wait in a line,
 * tried again when a seat frees, a group is added, and every `entry.heldRetryMs`.
 */
export function createSeating(ctx: AppContext, apps: EntryApplications, seats: EntrySeats, hq: GateHq, formOf: (target: string) => EntryForm | undefined): Seating {
  const cfg = () => ctx.config().entry
  const say = (to: string, text: string, jobId: string) => ctx.act({ type: 'say', to, text }, 'member', { jobId: jobIdPart(jobId) })
  const hash = (s: string) => fnv1a(s).toString(36)

  ctx.control.on(ENTRY_WAKE, () => tryLine())

  /** the rooms as WeChat shows them now, for the seat script: a room the bot cannot see is left out */
  async function seatRooms(groups: readonly ManagedGroup[], known: Map<string, Set<string>>): Promise<Array<{ group: ManagedGroup; room: SeatRoom }>> {
    const out: Array<{ group: ManagedGroup; room: SeatRoom }> = []
    for (const group of groups) {
      const info = await ctx.view.group(group.roomId)
      if (!info) continue
      const ids = known.get(group.roomId) ?? new Set((await ctx.view.members(group.roomId)).map((m) => m.id))
      out.push({ group, room: { roomId: group.roomId, members: Math.max(info.memberCount, ids.size), memberIds: ids } })
    }
    return out
  }

  const seatUntil = (now: number) => seatHeldUntil(now, cfg().inviteTimeoutMs)

  async function route(app: EntryApplication, form: EntryForm | undefined, waitingSince?: number): Promise<RouteResult> {
    const target = parseTarget(app.target.trim())
    if (isProblem(target)) {
      await holdForHuman(app, entryMessages.hq.badTarget(app.target), 'bad target')
      return { kind: 'other' }
    }
    const all = resolveTarget(target, await ctx.groups()).groups
    // already in one of the target's groups (a second keyword months later): nothing to do;
    // the member lists read here are the ones the seats are counted on
    const known = new Map<string, Set<string>>()
    for (const g of all) {
      const ids = new Set((await ctx.view.members(g.roomId)).map((m) => m.id))
      if (ids.has(app.contactId)) {
        await apps.close(app.contactId)
        await say(app.contactId, entryMessages.alreadyMember(g.topic), `entry-member-${app.contactId}-${app.startedAt}`)
        return { kind: 'other' }
      }
      known.set(g.roomId, ids)
    }
    const answer = routeAnswer(form, app.answers)
    const routed = routeGroups(all, answer)
    // a routing answer that fits no group: a new group for it (autoCreate), else any group of the target
    const candidates = routed.matched || cfg().autoCreate.enabled ? routed.groups : routeGroups(all, undefined).groups
    const label = answer && routed.matched ? `${app.target} ${answer}` : app.target
    const rooms = await seatRooms(candidates, known)
    const now = ctx.now()
    const choice = await seats.take(app.contactId, rooms.map((r) => r.room), cfg().roomCapacity, now, seatUntil(now))
    if (choice.kind === 'room') {
      const { group } = rooms[choice.index]!
      if (choice.freeAfter >= 0 && choice.freeAfter <= cfg().warnAt && (await seats.warnOnce(label))) {
        await hq.note(entryMessages.hq.nearlyFull(label, choice.freeAfter, cfg().autoCreate.enabled), `entry-warn-${app.contactId}-${app.startedAt}`)
      }
      await invite(app, group.roomId, group.topic)
      return { kind: 'invited', label }
    }
    if (cfg().autoCreate.enabled) {
      await create(app, target, candidates, all, answer)
      return { kind: 'other', label }
    }
    await wait(app, label, candidates.length > 0, waitingSince)
    return { kind: 'waiting', label }
  }

  /** a problem only a human can solve (a target written wrong) */
  async function holdForHuman(app: EntryApplication, hqText: string, reason: string): Promise<void> {
    await apps.put({ ...app, status: 'held' })
    await hq.note(hqText, `entry-held-${app.contactId}-${app.startedAt}`)
    await say(app.contactId, entryMessages.allFull, `entry-full-${app.contactId}-${app.startedAt}`)
    ctx.logger.warn({ contactId: app.contactId, target: app.target, reason }, 'entry application held for a human')
  }

  /** every group is full (or there is none): the line; HQ hears it once for the target, the applicant once */
  async function wait(app: EntryApplication, label: string, hasGroups: boolean, waitingSince: number | undefined): Promise<void> {
    const now = ctx.now()
    await apps.put({ ...app, status: 'held', waitingFor: label })
    await seats.enterLine(app.contactId, waitingSince ?? now)
    if (await seats.fullOnce(label)) {
      await hq.note(hasGroups ? entryMessages.hq.allFull(label) : entryMessages.hq.noGroups(label), `entry-full-${hash(label)}-${now}`)
    }
    if (waitingSince === undefined) {
      await say(app.contactId, entryMessages.allFull, `entry-full-${app.contactId}-${app.startedAt}`)
      ctx.logger.info({ contactId: app.contactId, target: label }, 'entry application waits for a seat')
    }
    await retryLater()
  }

  async function retryLater(): Promise<void> {
    const ms = cfg().heldRetryMs
    await ctx.control.add(ENTRY_WAKE, {}, { jobId: `entry-wake-tick-${Math.floor(ctx.now() / ms)}`, delayMs: ms })
  }

  /**
   * The line, longest waiting first. Each applicant is taken out of it (one process gets
   * them) and routed again; once a target is full again this pass, the rest of its line stays.
   */
  async function tryLine(): Promise<void> {
    const line = await seats.line()
    const full = new Set<string>()
    const placed = new Set<string>()
    for (const { contactId, at } of line) {
      const app = await apps.get(contactId)
      if (app?.status !== 'held' || !app.waitingFor) {
        await seats.leaveLine(contactId)
        continue
      }
      if (full.has(app.waitingFor)) continue
      if (!(await seats.leaveLine(contactId))) continue
      const r = await route(app, formOf(app.target), at)
      if (r.kind === 'waiting') full.add(r.label ?? app.waitingFor)
      else placed.add(app.waitingFor)
    }
    // a target whose line is empty again: HQ hears the next time its groups fill
    for (const label of placed) if (!full.has(label)) await seats.fullOver(label)
    if (full.size) await retryLater()
  }

  async function wake(reason: string): Promise<void> {
    if (!(await seats.waiting())) return
    await ctx.control.add(ENTRY_WAKE, {}, { jobId: jobIdPart(`entry-wake-${reason}`) })
  }

  async function create(app: EntryApplication, target: Target, candidates: ManagedGroup[], all: ManagedGroup[], answer: string | undefined): Promise<void> {
    const auto = cfg().autoCreate
    const firstTag = target.kind === 'tags' ? (target.tags[0] ?? '') : ''
    const last = candidates[candidates.length - 1]
    const tags = last ? last.tags : [...new Set([...(target.kind === 'tags' ? target.tags : []), ...(answer ? [answer] : [])])]
    const topic = nextTopic(auto.topic, { ...app.answers, 标签: firstTag }, all.map((g) => g.topic), candidates.length)
    const routeKey = `${app.target}|${answer ?? ''}`
    const inFlight = await seats.claimCreation({ topic, target: app.target, routeKey, tags, contactId: app.contactId })
    if (inFlight !== undefined) {
      // another newcomer's group for this route is being made: join it once it exists
      await apps.put({ ...app, status: 'creating', topic: inFlight })
      await seats.wait(inFlight, app.contactId)
      await say(app.contactId, entryMessages.creating, `entry-creating-${app.contactId}-${app.startedAt}`)
      return
    }
    await apps.put({ ...app, status: 'creating', topic })
    await hq.note(entryMessages.hq.creating(topic, app.name), `entry-create-hq-${app.contactId}-${app.startedAt}`)
    await say(app.contactId, entryMessages.creating, `entry-creating-${app.contactId}-${app.startedAt}`)
    const contactIds = [...new Set([app.contactId, ...auto.members])]
    // the group's first join arrives before its id is known: the channel is marked by topic
    await ctx.stores.entryChannels.markNewRoom(topic, app.contactId, channelOfEntry(app.channel))
    await ctx.act({ type: 'create-room', topic, contactIds }, 'member', { jobId: jobIdPart(`entry-create-${app.contactId}-${app.startedAt}`) })
  }

  /** invites into a room whose seat they hold, until they join (or the invitation lapses) */
  async function invite(app: EntryApplication, roomId: string, topic: string): Promise<void> {
    const invitedAt = ctx.now()
    const { waitingFor: _, ...rest } = app
    await apps.put({ ...rest, status: 'invited', roomId, topic, invitedAt })
    // who brought whom (#报告, #邀请榜): the channel is marked before the join can arrive
    await ctx.stores.entryChannels.mark(roomId, app.contactId, channelOfEntry(app.channel))
    // told first: a group of 40 or fewer takes them at once, and the welcome follows there
    await say(app.contactId, entryMessages.invited(topic), `entry-invited-${app.contactId}-${app.startedAt}`)
    await ctx.act({ type: 'invite', roomId, contactId: app.contactId }, 'member', { jobId: jobIdPart(`entry-invite-${app.contactId}-${app.startedAt}`) })
    await ctx.control.add(ENTRY_REMIND, { contactId: app.contactId, startedAt: app.startedAt, stage: 'remind' }, {
      jobId: jobIdPart(`entry-remind-${app.contactId}-${app.startedAt}`),
      delayMs: cfg().inviteTimeoutMs,
    })
  }

  async function intoNewRoom(app: EntryApplication, roomId: string, topic: string): Promise<void> {
    const info = await ctx.view.group(roomId)
    const ids = new Set((await ctx.view.members(roomId)).map((m) => m.id))
    const now = ctx.now()
    const room: SeatRoom = { roomId, members: Math.max(info?.memberCount ?? 0, ids.size), memberIds: ids }
    if (info && (await seats.take(app.contactId, [room], cfg().roomCapacity, now, seatUntil(now))).kind === 'room') return invite(app, roomId, topic)
    // the new group filled up with those who waited before them: the next group, one at a time
    await route(app, formOf(app.target))
  }

  return { route, intoNewRoom, wake }
}
