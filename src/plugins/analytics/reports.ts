import { createHash } from 'node:crypto'
import type { Job } from 'bullmq'
import { DAY_MS, dayRange, leaderboard, percentChange, summarizeReports, worstFirst, type GateActivity, type GroupReport } from '../../core/analytics'
import { parseWhen } from '../../core/commands/parse-when'
import type { ManagedGroup } from '../../core/groups'
import { resolveTarget } from '../../core/targets'
import type { AppContext } from '../../feature'
import {
  commandErrors,
  commandUsages,
  formatGateActivity,
  formatGroupReport,
  formatLeaderboard,
  formatMultiGroupReport,
  rulesDigestMessages,
  splitForWeChat,
} from '../../texts'
import { activityMessages } from './texts'
import { ensureJobScheduler, fireTimeOf } from '../../queue/job-schedulers'
import { jobIdPart } from '../../queue/job-id'
import type { ActivityStore } from '../../store/activity-store'
import { dayKey } from '../../core/time-window'
import { loadGroupView, type GroupView } from './group-view'
import { mergeMembers } from './to-activity'
import type { CommandCall } from '../../core/commands/command-registry'
import type { Target } from '../../core/commands/arg-types'
import { pointsCommand, reportCommand } from './report-commands'

export const REPORT_JOB = 'analytics-report'
/** the BullMQ scheduler of the daily report (`analytics.report`) */
export const REPORT_SCHEDULER = 'analytics-report'
/** records of members who left longer ago than this are dropped by the daily report */
const KEEP_LEFT_MS = 90 * DAY_MS

/** Above this many groups a command says it is working before it reads them all. */
const ACK_ABOVE = 20

/**
 * The groups a command names (every managed group without a target). Every command is
 * answered within a second: when there are many groups to read, it says so first.
 */
export async function targetGroups(
  ctx: AppContext,
  call: CommandCall<{ name: 'report' | 'points' | 'silent' | 'invites'; target?: Target }>,
): Promise<{ groups: ManagedGroup[]; unknown: string[] }> {
  const all = await ctx.groups()
  const target = call.command.target
  const found = target ? resolveTarget(target, all) : { groups: all, unknown: [] }
  if (found.groups.length > ACK_ABOVE) await call.reply(activityMessages.working(found.groups.length))
  return found
}

/**
 * The members of the groups a ranking command names, merged, and how to name that scope
 * (`#积分榜`, `#邀请榜`); undefined after answering that no group was found.
 */
export async function rankedScope(
  ctx: AppContext,
  store: ActivityStore,
  call: CommandCall<{ name: 'points' | 'invites'; target?: Target }>,
): Promise<{ scope: string; members: ReturnType<typeof mergeMembers> } | undefined> {
  const { groups, unknown } = await targetGroups(ctx, call)
  const [first] = groups
  if (!first) {
    await call.reply(activityMessages.noGroups(unknown))
    return undefined
  }
  const views = await loadViews(ctx, store, groups)
  const members = mergeMembers(views.map((v) => v.members))
  return { scope: groups.length === 1 ? first.topic : activityMessages.groupsScope(groups.length), members }
}

export async function loadViews(ctx: AppContext, store: ActivityStore, groups: readonly ManagedGroup[]): Promise<GroupView[]> {
  const views: GroupView[] = []
  // one group at a time: each reads its member list from WeChat
  for (const g of groups) views.push(await loadGroupView(ctx, store, g))
  return views
}

/**
 * The report of one group in detail, of many as one line each plus their candidate leaders;
 * `gate`: the entry gate's day and week, for a report of every group (the gate serves them all).
 */
export function reportText(views: readonly GroupView[], gate?: GateActivity): string {
  const reports = views.map((v) => v.report)
  const [only] = reports
  const gateLine = formatGateActivity(gate)
  const text = reports.length === 1 && only ? formatGroupReport(only) : `${multiGroupReport(reports)}\n${activityMessages.candidateLeaders(reports)}`
  // the rules' offences in 7 days per rule, the groups' summed (issue 20 item 9)
  const acted: Record<string, number> = {}
  const exempt: Record<string, number> = {}
  for (const v of views) {
    for (const [rule, n] of Object.entries(v.offences.acted)) acted[rule] = (acted[rule] ?? 0) + n
    for (const [rule, n] of Object.entries(v.offences.exempt)) exempt[rule] = (exempt[rule] ?? 0) + n
  }
  const lines = [text, rulesDigestMessages.offencesLine(acted, exempt), gateLine].filter((x): x is string => x !== undefined && x !== '')
  return lines.join('\n')
}

/** The entry gate's counts today and in the 7 days ending today. */
export async function gateActivity(ctx: AppContext): Promise<GateActivity> {
  const today = dayKey(ctx.now(), ctx.config().timezone)
  const stats = ctx.stores.entryStats
  return { today: await stats.sum([today]), week: await stats.sum(dayRange(today, 7)) }
}

/** Many groups' reports: the totals, then one line per group, worst first. */
export function multiGroupReport(reports: readonly GroupReport[]): string {
  const totals = summarizeReports(reports)
  const messagesChangePct = percentChange(totals.messagesPreviousWeek, totals.messagesThisWeek)
  return formatMultiGroupReport({ ...totals, day: reports[0]?.day ?? '', messagesChangePct }, worstFirst(reports))
}

async function replyAll(call: CommandCall, text: string): Promise<void> {
  for (const piece of splitForWeChat(text)) await call.reply(piece)
}

/**
 * What a leader's report adds under one of their groups (the members whose nickname does
 * not fit its pattern); passed in, so analytics does not import the rules feature.
 */
export type LeaderNotes = (roomId: string) => Promise<string | undefined>

/** #报告 #积分榜, and the daily report to HQ and to each leader privately. */
export function createReports(ctx: AppContext, store: ActivityStore, leaderNotes: LeaderNotes) {
  const log = ctx.logger.child({ part: 'reports' })

  ctx.commands.register(reportCommand, async (call) => {
    const { groups, unknown } = await targetGroups(ctx, call)
    if (!groups.length) return call.reply(activityMessages.noGroups(unknown))
    const views = await loadViews(ctx, store, groups)
    // the gate's counts belong to no one group: shown when the report is of every group
    return replyAll(call, reportText(views, call.command.target ? undefined : await gateActivity(ctx)))
  })

  ctx.commands.register(pointsCommand, async (call) => {
    const ranked = await rankedScope(ctx, store, call)
    if (ranked) await replyAll(call, formatLeaderboard(ranked.scope, leaderboard(ranked.members, ctx.config().analytics.points)))
  })

  /** The daily report: HQ gets every group, each leader their own groups, privately. */
  async function daily(at: number): Promise<void> {
    const views = await loadViews(ctx, store, await ctx.groups())
    if (!views.length) return
    for (const [i, piece] of splitForWeChat(reportText(views, await gateActivity(ctx))).entries()) await ctx.hq.say(piece, `report-${at}-${i}`)

    const byLeader = new Map<string, GroupView[]>()
    for (const v of views) for (const leader of v.group.leaders) byLeader.set(leader, [...(byLeader.get(leader) ?? []), v])
    for (const [leader, own] of byLeader) {
      // each leader's own groups, with who still has to fix their group nickname
      const parts: string[] = [activityMessages.leaderReportHead(own.length)]
      for (const v of own) {
        parts.push(formatGroupReport(v.report))
        const notes = await leaderNotes(v.group.roomId)
        if (notes) parts.push(notes)
      }
      const text = parts.join('\n\n')
      for (const [i, piece] of splitForWeChat(text).entries()) {
        await ctx.act({ type: 'say', to: leader, text: piece }, 'member', { jobId: `report-${at}-${jobIdPart(leader)}-${i}`, quiet: true })
      }
    }
    const before = ctx.now() - KEEP_LEFT_MS
    for (const v of views) await store.pruneLeft(v.group.roomId, v.activity, before)
    log.info({ groups: views.length, leaders: byLeader.size }, 'daily report sent')
  }

  ctx.control.on(REPORT_JOB, async (_data, job: Job) => daily(fireTimeOf(job)))

  /** The report's scheduler made to match `analytics.report` ('' turns it off). */
  async function syncSchedule(): Promise<void> {
    const config = ctx.config()
    const when = config.analytics.report.trim()
    if (!when) {
      await ctx.control.queue.removeJobScheduler(REPORT_SCHEDULER)
      return
    }
    const parsed = parseWhen(when, config.timezone, ctx.now())
    if (parsed.kind !== 'cron') {
      // a report is a repeating thing: a once-only time is refused like a bad one
      const reason = parsed.kind === 'error' ? parsed.message : activityMessages.reportNotRepeating
      const hash = createHash('sha1').update(JSON.stringify([when, reason])).digest('hex').slice(0, 10)
      log.warn({ when, reason }, 'analytics.report refused')
      await ctx.hq.say(activityMessages.reportScheduleRefused(commandErrors.withUsage(reason, commandUsages.schedule)), `report-refused-${hash}`)
      return
    }
    const changed = await ensureJobScheduler(ctx.control.queue, REPORT_SCHEDULER, { pattern: parsed.pattern, tz: config.timezone }, { name: REPORT_JOB, data: {} })
    if (changed) log.info({ pattern: parsed.pattern, tz: config.timezone }, 'daily report scheduled')
  }

  return { daily, syncSchedule }
}
