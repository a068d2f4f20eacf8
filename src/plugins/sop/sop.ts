/**
 * SOP timelines at run time (issue 21, item 3). Each step of each group is a control-queue
 * delayed job due at its time (computed from `ctx.now()`, so it follows the simulator's
 * virtual clock too); an hourly job scheduler and the start and each config reload `sync`:
 * groups newly under a timeline get their day 0 (today), and steps without a job get one.
 * A due step goes through the paced queue under a deterministic job id
 * (`sop~<timeline>~<room>~<step key>~<part>`), so the outbound ledger sends it once
 * through restarts and crashes; the step's state (`queued`, then the outcome) is stored per
 * group. Quiet hours and the daily cap are the outbound queue's (`quiet: true`): a step due at
 * 23:30 goes at the end of quiet hours, one over the cap the next day.
 */
import type { SopTimeline } from '../../config/schema'
import { parseTarget } from '../../core/commands/parse-target'
import { isProblem } from '../../core/commands/arg-types'
import type { ManagedGroup } from '../../core/groups'
import { resolveTarget } from '../../core/targets'
import { dayKey } from '../../core/time-window'
import type { JoinEvent } from '../../wechat/adapter'
import type { OutboundAction } from '../../outbound/actions'
import type { Outcome } from '../../outbound/outbound-queue'
import type { PluginContext } from '../../plugin'
import type { SopStepState } from '../../store/sop-store'
import { decide, mentionBatches, planOf, type PlannedStep } from './engine'
import { sopTexts } from './texts'

export const STEP_JOB = 'sop-step'
export const SYNC_JOB = 'sop-sync'
export const CAP_JOB = 'sop-cap-report'
/** how long after the day's first step held by the daily cap HQ hears of that day's count */
export const CAP_REPORT_DELAY_MS = 10 * 60_000
const SEP = '~'

/** the outbound job id of one part of one step: the ledger's unit of "once" */
export const sendJobId = (timeline: string, roomId: string, key: string, part: string) => ['sop', timeline, roomId, key, part].join(SEP)

export function createSop(ctx: PluginContext) {
  const store = ctx.stores.sop
  const log = ctx.logger.child({ part: 'sop' })
  const cfg = () => ctx.config().sop
  const tz = () => ctx.config().timezone
  const timeline = (id: string) => cfg().timelines.find((t) => t.id === id)

  async function groupsOf(t: SopTimeline, all?: ManagedGroup[]): Promise<ManagedGroup[]> {
    const target = parseTarget(t.groups.trim())
    if (isProblem(target)) return []
    return resolveTarget(target, all ?? (await ctx.groups())).groups
  }

  /** one due step: skipped when late, else its parts queued (text with its @, then the media item) */
  async function fire(t: SopTimeline, roomId: string, p: PlannedStep, members: readonly string[] | undefined): Promise<SopStepState | undefined> {
    const states = await store.states(t.id, roomId)
    if (states.has(p.key)) return states.get(p.key)
    if ((await store.paused(t.id)).has(roomId)) return undefined
    const now = ctx.now()
    if (decide(p.dueAt, now, cfg().lateHours) === 'late') {
      await store.setState(t.id, roomId, p.key, 'late', true)
      log.info({ timeline: t.id, room: roomId, step: p.key, lateMs: now - p.dueAt }, 'sop step skipped: too late')
      return 'late'
    }
    if (members !== undefined && !members.length) return undefined
    const parts: { part: string; action: OutboundAction }[] = []
    if (p.step.text !== undefined) {
      const mention = p.step.mentionNew && members?.length ? members : undefined
      const batches = mention ? mentionBatches(mention, ctx.config().rules.welcome.maxMentions) : [undefined]
      batches.forEach((ids, i) => parts.push({ part: `t${i}`, action: { type: 'say', to: roomId, text: p.step.text ?? '', ...(ids ? { mentionIds: ids } : {}) } }))
    }
    if (p.step.media !== undefined) parts.push({ part: 'm', action: ctx.service('media').action(p.step.media, roomId) })
    for (const { part, action } of parts) {
      await ctx.act(action, 'member', { jobId: sendJobId(t.id, roomId, p.key, part), quiet: true })
    }
    await store.setState(t.id, roomId, p.key, 'queued', true)
    log.info({ timeline: t.id, room: roomId, step: p.key, parts: parts.length }, 'sop step queued')
    return 'queued'
  }

  /** a job for each step not handled yet (a due one runs now) */
  async function scheduleSteps(t: SopTimeline, roomId: string, anchorDay: string): Promise<void> {
    const states = await store.states(t.id, roomId)
    const now = ctx.now()
    for (const p of planOf(t, anchorDay, tz())) {
      if (states.has(p.key)) continue
      const data = { timeline: t.id, room: roomId, key: p.key, anchor: anchorDay, dueAt: p.dueAt }
      // the due time is in the id: a step moved in the config gets a new job, the old one finds it stale
      await ctx.control.add(STEP_JOB, data, { jobId: ['sopdue', t.id, roomId, p.key, String(p.dueAt)].join(SEP), delayMs: Math.max(0, p.dueAt - now) })
    }
  }

  /** a step job: the step as the config has it now, for the day 0 it was planned from */
  async function onStep(data: Record<string, unknown>): Promise<void> {
    const t = timeline(String(data.timeline))
    if (!t) return
    const roomId = String(data.room)
    const anchorDay = String(data.anchor)
    const p = planOf(t, anchorDay, tz()).find((x) => x.key === data.key)
    if (!p || p.dueAt !== data.dueAt) return // removed or moved: a newer job has it
    if (t.anchor === 'group') {
      if ((await store.anchor(t.id, roomId)) !== anchorDay) return // restarted (#SOP 开始)
      await fire(t, roomId, p, undefined)
    } else {
      await fire(t, roomId, p, await store.joined(roomId, anchorDay))
    }
  }

  /**
   * Groups newly under a group-anchored timeline get day 0 = today and their steps' jobs.
   * `full` (start, config reload): every group's steps get their jobs again (a moved step, a
   * lost job). The hourly tick is not full: re-adding each pending step of each group every
   * hour was a BullMQ script call apiece (20 groups × 7 steps × 24 a day), the most of an idle
   * hour's cost on the virtual clock (bench `sop`).
   */
  async function sync(full = true): Promise<void> {
    const all = await ctx.groups()
    const today = dayKey(ctx.now(), tz())
    for (const t of cfg().timelines) {
      if (t.anchor !== 'group') continue
      const anchors = await store.anchors(t.id)
      for (const g of await groupsOf(t, all)) {
        const had = anchors.get(g.roomId)
        if (had !== undefined && !full) continue
        const anchorDay = await store.setAnchor(t.id, g.roomId, today)
        await scheduleSteps(t, g.roomId, anchorDay)
      }
    }
  }

  /** members joining a group under a member-anchored timeline: their day is day 0 */
  async function onJoin(e: JoinEvent): Promise<void> {
    const timelines = cfg().timelines.filter((t) => t.anchor === 'member')
    if (!timelines.length) return
    const self = ctx.view.selfId()
    const members = e.memberIds.filter((id) => id !== self)
    if (!members.length) return
    const all = await ctx.groups()
    const day = dayKey(e.at || ctx.now(), tz())
    let recorded = false
    for (const t of timelines) {
      if (!(await groupsOf(t, all)).some((g) => g.roomId === e.roomId)) continue
      if (!recorded) await store.addJoined(e.roomId, day, members)
      recorded = true
      await scheduleSteps(t, e.roomId, day)
    }
  }

  async function onOutcome(jobId: string, outcome: Outcome): Promise<void> {
    const [head, timelineId, roomId, key] = jobId.split(SEP)
    if (head !== 'sop' || !timelineId || !roomId || !key) return
    const state: SopStepState =
      outcome.status === 'sent' || (outcome.status === 'skipped' && outcome.why === 'already sent') ? 'sent' : outcome.status === 'skipped' ? 'skipped' : outcome.status
    await store.setState(timelineId, roomId, key, state)
  }

  /**
   * A step's send held past the daily cap (the outbound step moves it to tomorrow): counted
   * per day by step (its parts are one step); the day's first schedules HQ's one line about it.
   */
  async function onCapHeld(jobId: string): Promise<void> {
    const parts = jobId.split(SEP)
    if (parts[0] !== 'sop' || parts.length < 5) return
    const day = dayKey(ctx.now(), tz())
    const n = await store.addCapHeld(day, parts.slice(0, 4).join(SEP))
    if (n === 1) await ctx.control.add(CAP_JOB, { day }, { jobId: ['sopcapdue', day].join(SEP), delayMs: CAP_REPORT_DELAY_MS })
  }

  /** HQ's line of the day: how many steps the cap moved to tomorrow (the HQ job id makes it once a day) */
  async function onCapReport(data: Record<string, unknown>): Promise<void> {
    const day = String(data.day)
    const n = await store.capHeld(day)
    if (n > 0) await ctx.hq.say(sopTexts.capHeld(n, ctx.config().outbound.dailyCap), ['sopcap', day].join(SEP))
  }

  return { store, timeline, groupsOf, fire, scheduleSteps, onStep, sync, onJoin, onOutcome, onCapHeld, onCapReport }
}

export type Sop = ReturnType<typeof createSop>
