import { dayKey } from '../time-window'
import { daysBetween, dayRange } from './day-math'
import { decayLevels, decayWarning, severity, type DecayLevel, type DecayWarning } from './decay-warning'
import { hubShare, linkDensity, linkedPairs, type HubShare } from './link-density'
import { isSilent } from './silent-members'
import { gatedProfiles, mergeTallies, type GatedProfiles, type GatedTally } from './gated-profiles'
import { inviteBoard, sumChannels } from './invite-board'
import { candidateLeaders, tiers, type Tier } from './tiers'
import { DAY_MS, type GroupDay, type Link, type MemberActivity, type PointsConfig } from './types'
import { weeklyTrend, type WeeklyTrend } from './weekly-trend'

export interface GroupReportInput {
  roomId: string
  topic: string
  now: number
  timeZone: string
  /** current members, without the bot itself */
  members: readonly MemberActivity[]
  /** the group's days; the last 14 are used */
  days: readonly GroupDay[]
  links: readonly Link[]
  /** owner, admins, leaders, roles: left out of compliance, the silent count and candidate leaders */
  exempt?: Iterable<string>
  points?: PointsConfig
  /** `analytics.silentDays` (default 14) */
  silentDays?: number
  /** the current members who came through the entry gate, with their choice answers (`tallyGated`) */
  gated?: GatedTally
}

export interface GroupReport {
  roomId: string
  topic: string
  /** the local day the report is for */
  day: string
  memberCount: number
  /** members who spoke in the last 24 hours / 7 days / 30 days */
  active1: number
  active7: number
  active30: number
  /** joins and leaves in the 7 days ending today */
  joins7: number
  leaves7: number
  /** share (0–1) of non-exempt members who introduced themselves; undefined when there are none */
  introRate: number | undefined
  /** share (0–1) of non-exempt members whose nickname fits the format */
  nicknameRate: number | undefined
  linkedPairs: number
  linkDensity: number
  hub: HubShare
  /** name of the hub member, when there is one */
  hubName: string | undefined
  trend: WeeklyTrend
  daysSinceLastMessage: number | undefined
  decay: DecayWarning
  silentDays: number
  /** non-exempt members silent for `silentDays` */
  silent: number
  tiers: Record<Tier, number>
  candidateLeaders: Array<{ id: string; name: string; partners: number }>
  /** joins in the 7 days ending today by channel (`keyword:<kw>`, `code`, `member`, `unknown`) */
  joinsByChannel7: Record<string, number>
  /** the members who brought in the most people who stayed (`inviteHoldDays`), at most 3 */
  topInviters: Array<{ id: string; name: string; invites: number }>
  /** members who came through the entry gate and what they chose; absent without any */
  gated?: GatedProfiles
  /** the same, uncut, for sums over many groups */
  gatedTally?: GatedTally
}

function rate(part: number, whole: number): number | undefined {
  return whole ? part / whole : undefined
}

/** What `activityNumbers` needs of each current member. */
export type ActivityMember = Pick<MemberActivity, 'id' | 'lastMessageAt'>

export interface ActivityNumbersInput {
  now: number
  /** the local day of `now` (`dayKey(now, timeZone)`), computed once by a caller reading many groups */
  today: string
  members: readonly ActivityMember[]
  days: readonly GroupDay[]
  links: readonly Link[]
}

/** The numbers of a group's report that need only member ids and their last message: the console's groups table. */
export interface ActivityNumbers {
  memberCount: number
  active1: number
  active7: number
  active30: number
  linkDensity: number
  trend: WeeklyTrend
  daysSinceLastMessage: number | undefined
  decay: DecayWarning
}

/**
 * Members, activity, link density and decay: the part of `groupReport` the console's table
 * shows for every group. `groupReport` computes them here too, so the two never differ.
 */
export function activityNumbers(input: ActivityNumbersInput): ActivityNumbers & { pastDays: GroupDay[] } {
  const { now, members, today } = input
  const ids = members.map((m) => m.id)
  const spokeWithin = (days: number) =>
    members.filter((m) => m.lastMessageAt !== undefined && now - m.lastMessageAt < days * DAY_MS).length
  const pastDays = input.days.filter((d) => daysBetween(d.day, today) >= 0)
  // the freshest evidence wins: a member's last message, or a day with messages (which
  // also counts members who have left since)
  const lastSpoke = Math.max(-Infinity, ...members.map((m) => m.lastMessageAt ?? -Infinity))
  const lastDay = pastDays.filter((d) => d.messages > 0).map((d) => d.day).sort().pop()
  const gaps = [
    ...(Number.isFinite(lastSpoke) ? [Math.max(0, Math.floor((now - lastSpoke) / DAY_MS))] : []),
    ...(lastDay ? [daysBetween(lastDay, today)] : []),
  ]
  const daysSinceLastMessage = gaps.length ? Math.min(...gaps) : undefined
  const density = linkDensity(ids, input.links)
  const trend = weeklyTrend(pastDays, today)
  const active7 = spokeWithin(7)
  return {
    memberCount: members.length,
    active1: spokeWithin(1),
    active7,
    active30: spokeWithin(30),
    linkDensity: density,
    trend,
    daysSinceLastMessage,
    decay: decayWarning({ memberCount: members.length, active7, daysSinceLastMessage, linkDensity: density, trend }),
    pastDays,
  }
}

export function groupReport(input: GroupReportInput): GroupReport {
  const { now, members } = input
  const today = dayKey(now, input.timeZone)
  const exempt = new Set(input.exempt ?? [])
  const silentDays = input.silentDays ?? 14
  const ids = members.map((m) => m.id)
  const n = activityNumbers({ now, today, members, days: input.days, links: input.links })
  const week = new Set(dayRange(today, 7))
  const thisWeek = n.pastDays.filter((d) => week.has(d.day))
  const counted = members.filter((m) => !exempt.has(m.id))
  const hub = hubShare(ids, input.links)
  const layers = tiers(members, now, { ...(input.points ? { points: input.points } : {}), outerSilentDays: silentDays })

  return {
    roomId: input.roomId,
    topic: input.topic,
    day: today,
    memberCount: n.memberCount,
    active1: n.active1,
    active7: n.active7,
    active30: n.active30,
    joins7: thisWeek.reduce((n, d) => n + d.joins, 0),
    leaves7: thisWeek.reduce((n, d) => n + d.leaves, 0),
    introRate: rate(counted.filter((m) => m.introduced).length, counted.length),
    nicknameRate: rate(counted.filter((m) => m.nicknameOk).length, counted.length),
    linkedPairs: linkedPairs(ids, input.links).length,
    linkDensity: n.linkDensity,
    hub,
    hubName: members.find((m) => m.id === hub.memberId)?.name,
    trend: n.trend,
    daysSinceLastMessage: n.daysSinceLastMessage,
    decay: n.decay,
    silentDays,
    silent: counted.filter((m) => isSilent(m, now, silentDays)).length,
    tiers: { core: layers.core.length, middle: layers.middle.length, outer: layers.outer.length },
    candidateLeaders: candidateLeaders(members, input.links, now, { exempt }).map((c) => ({
      id: c.member.id,
      name: c.member.name,
      partners: c.partners,
    })),
    joinsByChannel7: sumChannels(thisWeek),
    topInviters: inviteBoard(members, 3).map((e) => ({ id: e.member.id, name: e.member.name, invites: e.invites })),
    ...(input.gated?.count ? { gated: gatedProfiles(input.gated), gatedTally: input.gated } : {}),
  }
}

/**
 * Reports ordered for attention: worst decay level first, then the smallest share of
 * members active in 7 days, then the steepest fall in messages, then by topic.
 */
export function worstFirst(reports: readonly GroupReport[]): GroupReport[] {
  const share = (r: GroupReport) => (r.memberCount ? r.active7 / r.memberCount : 0)
  return [...reports].sort(
    (a, b) =>
      severity(b.decay.level) - severity(a.decay.level) ||
      share(a) - share(b) ||
      (a.trend.messagesChangePct ?? 0) - (b.trend.messagesChangePct ?? 0) ||
      a.topic.localeCompare(b.topic, 'zh-CN'),
  )
}

export interface ReportTotals {
  groups: number
  members: number
  active7: number
  joins7: number
  leaves7: number
  messagesThisWeek: number
  messagesPreviousWeek: number
  byLevel: Record<DecayLevel, number>
  joinsByChannel7: Record<string, number>
  /** gated members over all the groups and what they chose; absent without any */
  gated?: GatedProfiles
}

/** Sums over many groups; a member of two groups counts twice. */
export function summarizeReports(reports: readonly GroupReport[]): ReportTotals {
  const byLevel = Object.fromEntries(decayLevels.map((l) => [l, 0])) as Record<DecayLevel, number>
  const totals: ReportTotals = {
    groups: reports.length,
    members: 0,
    active7: 0,
    joins7: 0,
    leaves7: 0,
    messagesThisWeek: 0,
    messagesPreviousWeek: 0,
    byLevel,
    joinsByChannel7: {},
  }
  for (const r of reports) {
    for (const [c, n] of Object.entries(r.joinsByChannel7)) totals.joinsByChannel7[c] = (totals.joinsByChannel7[c] ?? 0) + n
    totals.members += r.memberCount
    totals.active7 += r.active7
    totals.joins7 += r.joins7
    totals.leaves7 += r.leaves7
    totals.messagesThisWeek += r.trend.thisWeek.messages
    totals.messagesPreviousWeek += r.trend.previousWeek.messages
    byLevel[r.decay.level] += 1
  }
  const gated = mergeTallies(reports.flatMap((r) => (r.gatedTally ? [r.gatedTally] : [])))
  if (gated.count) totals.gated = gatedProfiles(gated)
  return totals
}
