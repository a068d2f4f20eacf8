/**
 * Texts of the analytics commands (`#报告 #潜水 #积分榜`, docs/commands.md) and the
 * scheduled health report. Compact on purpose: one WeChat message holds about 2000
 * characters, so long lists go through `splitForWeChat`.
 */
import { cleanShown } from './shown-text'
import { splitLines } from './text-limits'

// What these texts read, as plain shapes: messages is a leaf (test/unit/layers.test.ts).
// Core's report types fit them; `DecayLevel` is defined here and core re-exports it, and a
// reason core adds without a text here fails to compile where core's report is formatted.
export type DecayLevel = 'healthy' | 'cooling' | 'decaying' | 'dying'
export type DecayReason =
  | { kind: 'silence'; days: number }
  | { kind: 'messagesDrop'; pct: number; before: number; after: number }
  | { kind: 'fewActive'; active7: number; memberCount: number; share: number }
  | { kind: 'sparseLinks'; density: number }

/** one group's report, as the report texts read it (core's `GroupReport`) */
export interface GroupReportView {
  topic: string
  day: string
  memberCount: number
  active1: number
  active7: number
  active30: number
  joins7: number
  leaves7: number
  introRate: number | undefined
  nicknameRate: number | undefined
  linkedPairs: number
  linkDensity: number
  hub: { share: number }
  hubName: string | undefined
  trend: { thisWeek: { messages: number; activeMemberDays: number }; messagesChangePct: number | undefined; activeChangePct: number | undefined }
  decay: { level: DecayLevel; reasons: readonly DecayReason[] }
  silentDays: number
  silent: number
  tiers: { core: number; middle: number; outer: number }
  candidateLeaders: readonly { name: string; partners: number }[]
  /** 7 days' joins by channel (`keyword:<kw>`, `code`, `member`, `unknown`) */
  joinsByChannel7?: Readonly<Record<string, number>>
  topInviters?: readonly { name: string; invites: number }[]
  gated?: GatedProfilesView
}

/** members who came through the entry gate and their choice answers (core's `GatedProfiles`) */
export interface GatedProfilesView {
  count: number
  byQuestion: readonly { question: string; answers: readonly { answer: string; count: number }[]; others: number }[]
}

/** the gate's counts today and in the 7 days ending today (core's `GateActivity`) */
export interface GateActivityView {
  today: GateCountsView
  week: GateCountsView
}
export interface GateCountsView {
  unmatched: number
  started: number
  joined: number
  timedOut: number
}

/** the totals over several groups (core's `summarizeReports`, with the week's change) */
export interface ReportTotalsView {
  /** the local day the reports are for */
  day: string
  groups: number
  byLevel: Record<DecayLevel, number>
  members: number
  active7: number
  joins7: number
  leaves7: number
  messagesThisWeek: number
  /** core's `percentChange` of the messages from last week to this one */
  messagesChangePct: number | undefined
  joinsByChannel7?: Readonly<Record<string, number>>
  gated?: GatedProfilesView
}

/** A join channel as operators read it. */
export function channelName(channel: string): string {
  if (channel.startsWith('keyword:')) return `关键词「${cleanShown(channel.slice('keyword:'.length))}」`
  return ({ code: '入群码', member: '成员邀请', unknown: '其他' } as Record<string, string>)[channel] ?? cleanShown(channel)
}

/** `进群渠道: 关键词「读书会」2 · 成员邀请 3`, most first; '' when no join has a channel */
export function formatJoinChannels(byChannel: Readonly<Record<string, number>> | undefined): string {
  const entries = Object.entries(byChannel ?? {}).filter(([, n]) => n > 0)
  if (!entries.length) return ''
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  return `7天进群渠道: ${entries.map(([c, n]) => `${channelName(c)} ${n}`).join(' · ')}`
}

/**
 * `经门槛入群 12 人 · 城市: 北京 8、上海 4 · 行业: 教育 5、其他答案 3`: the members who came through
 * the gate and what they chose (core bounds the questions and answers); '' without any.
 */
export function formatGatedProfiles(g: GatedProfilesView | undefined): string {
  if (!g?.count) return ''
  const parts = g.byQuestion.map(
    (q) => `${cleanShown(q.question)}: ${[...q.answers.map((a) => `${cleanShown(a.answer)} ${a.count}`), ...(q.others ? [`其他答案 ${q.others}`] : [])].join('、')}`,
  )
  return [`经门槛入群 ${g.count} 人`, ...parts].join(' · ')
}

/**
 * The gate's day and week, as `今日/7天` pairs: applications opened, joined, timed out, and the
 * friend requests left for a human; '' when the gate did nothing in 7 days.
 */
export function formatGateActivity(a: GateActivityView | undefined): string {
  if (!a) return ''
  const { today: d, week: w } = a
  if (!(w.started || w.joined || w.timedOut || w.unmatched || d.started || d.unmatched)) return ''
  const pair = (x: number, y: number) => `${x}/${y}`
  return (
    `入群门槛 今日/7天: 申请 ${pair(d.started, w.started)} · 入群 ${pair(d.joined, w.joined)} · 超时 ${pair(d.timedOut, w.timedOut)}` +
    ` · 留给人工的好友申请 ${pair(d.unmatched, w.unmatched)}`
  )
}

export interface InviteBoardEntryView {
  rank: number
  member: { name: string }
  invites: number
}

/** `#邀请榜`: members by the people they brought in who stayed `holdDays` days. */
export function formatInviteBoard(scope: string, entries: readonly InviteBoardEntryView[], holdDays: number): string {
  const title = `🤝 邀请榜 · ${cleanShown(scope)} (留满${num(holdDays)}天才计)`
  if (!entries.length) return `${title}\n暂无留下的受邀成员`
  return [title, ...entries.map((e) => `${e.rank}. ${cleanShown(e.member.name)} 邀请留下 ${e.invites} 人`)].join('\n')
}

export interface SilentMemberView {
  member: { name: string }
  silentDays: number | undefined
  neverSpoke: boolean
}

export interface LeaderboardEntryView {
  rank: number
  member: { name: string }
  points: { total: number; messages: number; intro: number; invites: number; mentioned: number }
}

export const decayLevelTexts: Record<DecayLevel, string> = {
  healthy: '🟢 健康',
  cooling: '🟡 降温',
  decaying: '🟠 衰退',
  dying: '🔴 濒死',
}

const levelIcons: Record<DecayLevel, string> = { healthy: '🟢', cooling: '🟡', decaying: '🟠', dying: '🔴' }

/** Names come from WeChat and may hold line breaks; a list line must stay one line. */

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}

/** A share 0–1 as a whole percent; "—" when there is nothing to divide by. */
export function formatRate(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 100)}%`
}

/** Link density is small in big groups, so it keeps a decimal below 10%. */
export function formatDensity(density: number): string {
  const pct = density * 100
  if (pct === 0) return '0%'
  if (pct >= 10) return `${Math.round(pct)}%`
  return pct >= 0.1 ? `${pct.toFixed(1)}%` : '<0.1%'
}

/** A week-on-week change: ↑12% / ↓30% / 持平; undefined (nothing last week) reads 上周为0. */
export function formatChange(pct: number | undefined): string {
  if (pct === undefined) return '上周为0'
  const r = Math.round(pct)
  return r === 0 ? '持平' : r > 0 ? `↑${r}%` : `↓${-r}%`
}

export function formatDecayReason(reason: DecayReason): string {
  switch (reason.kind) {
    case 'silence':
      return `${reason.days} 天没有人发言`
    case 'messagesDrop':
      return `本周消息 ${reason.after} 条，上周 ${reason.before} 条 (${formatChange(reason.pct)})`
    case 'fewActive':
      return `7天内只有 ${reason.active7}/${reason.memberCount} 人发言 (${formatRate(reason.share)})`
    case 'sparseLinks':
      return `成员之间很少互动 (连接密度 ${formatDensity(reason.density)}，不到只围着群主转的一半)`
  }
}

export function formatGroupReport(r: GroupReportView): string {
  const lines = [`📊 群报告 · ${cleanShown(r.topic)} (${r.day})`, `状态: ${decayLevelTexts[r.decay.level]}`]
  for (const reason of r.decay.reasons) lines.push(`· ${formatDecayReason(reason)}`)
  const avgActive = (n: number) => num(Math.round((n / 7) * 10) / 10)
  lines.push(
    `成员 ${r.memberCount} · 发言: 24小时 ${r.active1} / 7天 ${r.active7} / 30天 ${r.active30}`,
    `7天 进群 +${r.joins7} / 退群 -${r.leaves7}`,
    `本周消息 ${r.trend.thisWeek.messages} (较上周 ${formatChange(r.trend.messagesChangePct)})` +
      ` · 日均发言 ${avgActive(r.trend.thisWeek.activeMemberDays)} 人 (${formatChange(r.trend.activeChangePct)})`,
    `自我介绍 ${formatRate(r.introRate)} · 昵称合规 ${formatRate(r.nicknameRate)}`,
    `互动 ${r.linkedPairs} 对 · 连接密度 ${formatDensity(r.linkDensity)}` +
      (r.hubName !== undefined && r.linkedPairs > 0 ? ` · ${cleanShown(r.hubName)} 占 ${formatRate(r.hub.share)}` : ''),
    `分层: 核心 ${r.tiers.core} / 中间 ${r.tiers.middle} / 外围 ${r.tiers.outer} · 潜水≥${r.silentDays}天 ${r.silent} 人`,
    `候选负责人: ${
      r.candidateLeaders.length
        ? r.candidateLeaders.map((c) => `${cleanShown(c.name)}(与${c.partners}人互动)`).join('、')
        : '暂无'
    }`,
  )
  const channels = formatJoinChannels(r.joinsByChannel7)
  if (channels) lines.push(channels)
  if (r.topInviters?.length) lines.push(`邀请之星: ${r.topInviters.map((i) => `${cleanShown(i.name)}(留下${i.invites}人)`).join('、')}`)
  const gated = formatGatedProfiles(r.gated)
  if (gated) lines.push(gated)
  return lines.join('\n')
}

/** One line per group, worst first (`worstFirst`: core's order), after the totals. */
export function formatMultiGroupReport(t: ReportTotalsView, worstFirst: readonly GroupReportView[]): string {
  if (!worstFirst.length) return '📊 群报告: 没有匹配的群'
  const counts = (['dying', 'decaying', 'cooling', 'healthy'] as const)
    .filter((l) => t.byLevel[l] > 0)
    .map((l) => `${levelIcons[l]}${t.byLevel[l]}`)
    .join(' ')
  const lines = [
    `📊 群报告 · ${t.groups} 个群 (${t.day})`,
    `${counts}`,
    `合计 成员 ${t.members} · 7天发言 ${t.active7} (${formatRate(t.members ? t.active7 / t.members : undefined)})` +
      ` · 进群 +${t.joins7} / 退群 -${t.leaves7}`,
    `本周消息 ${t.messagesThisWeek} (较上周 ${formatChange(t.messagesChangePct)})`,
    ...[formatJoinChannels(t.joinsByChannel7), formatGatedProfiles(t.gated)].filter(Boolean),
    '—— 由差到好 ——',
  ]
  for (const r of worstFirst) {
    const first = r.decay.reasons[0]
    lines.push(
      `${levelIcons[r.decay.level]} ${cleanShown(r.topic)} ${r.memberCount}人 7天活跃${formatRate(
        r.memberCount ? r.active7 / r.memberCount : undefined,
      )} 消息${formatChange(r.trend.messagesChangePct)} 密度${formatDensity(r.linkDensity)}` +
        (first ? ` | ${formatDecayReason(first)}` : ''),
    )
  }
  return lines.join('\n')
}

export interface SilentListGroup {
  topic: string
  silent: readonly SilentMemberView[]
  memberCount?: number
}

function silentLine(s: SilentMemberView): string {
  const name = cleanShown(s.member.name)
  if (s.silentDays === undefined) return `· ${name} 无发言和进群记录`
  return s.neverSpoke ? `· ${name} 进群 ${s.silentDays} 天从未发言` : `· ${name} ${s.silentDays} 天未发言`
}

/** `#潜水`: per group, the members silent for `days` days, most silent first. */
export function formatSilentList(groups: readonly SilentListGroup[], days: number, limitPerGroup = 30): string {
  if (!groups.length) return `🤿 潜水 ≥${days} 天: 没有匹配的群`
  const lines = [`🤿 潜水 ≥${days} 天`]
  for (const g of groups) {
    const of = g.memberCount !== undefined ? ` (共 ${g.memberCount} 人)` : ''
    if (!g.silent.length) {
      lines.push(`${cleanShown(g.topic)}: 无${of}`)
      continue
    }
    lines.push(`${cleanShown(g.topic)}: ${g.silent.length} 人${of}`)
    for (const s of g.silent.slice(0, limitPerGroup)) lines.push(silentLine(s))
    if (g.silent.length > limitPerGroup) lines.push(`…另有 ${g.silent.length - limitPerGroup} 人`)
  }
  return lines.join('\n')
}

/** `#积分榜`: `scope` names the group or groups (a topic, or "3 个群"). */
export function formatLeaderboard(scope: string, entries: readonly LeaderboardEntryView[]): string {
  const title = `🏆 积分榜 · ${cleanShown(scope)}`
  if (!entries.length) return `${title}\n暂无积分`
  const lines = [title]
  for (const e of entries) {
    const p = e.points
    const parts = [
      p.messages ? `发言${num(p.messages)}` : '',
      p.intro ? `介绍${num(p.intro)}` : '',
      p.invites ? `邀请${num(p.invites)}` : '',
      p.mentioned ? `被@${num(p.mentioned)}` : '',
    ].filter(Boolean)
    lines.push(`${e.rank}. ${cleanShown(e.member.name)} ${num(p.total)}分 (${parts.join(' ')})`)
  }
  return lines.join('\n')
}

/** Long analytics lists as messages of at most `max` characters, cut between lines (see `splitLines`). */
export function splitForWeChat(text: string, max = 1800): string[] {
  return splitLines(text, max)
}
