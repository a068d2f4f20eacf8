/**
 * Texts around the analytics commands that `./analytics` does not hold: the candidate
 * leaders of many groups, a leader's private daily report, and the silent-member clean-up
 * (`#潜水` → `#确认 B…` → a notice in each group → removal).
 */
import { cleanShown } from '../../texts/shown-text'
import type { GroupReportView } from '../../texts/analytics'
import { nameList } from '../../texts/limits'


function names(list: readonly string[], max = 20, unit = '人'): string {
  const shown = list.slice(0, max).map(cleanShown).join('、')
  return list.length > max ? `${shown} 等 ${list.length} ${unit}` : shown
}

export const activityMessages = {
  /** appended to the many-group report: who could help lead, per group */
  candidateLeaders: (reports: readonly Pick<GroupReportView, 'topic' | 'candidateLeaders'>[]) => {
    const rows = reports.filter((r) => r.candidateLeaders.length)
    if (!rows.length) return '🌱 候选负责人: 暂无'
    return [
      '🌱 候选负责人（活跃、与多人互动、已自我介绍、昵称合规）:',
      ...rows.map(
        (r) => `${cleanShown(r.topic)}: ${r.candidateLeaders.map((c) => `${cleanShown(c.name)}(与${c.partners}人互动)`).join('、')}`,
      ),
    ].join('\n')
  },
  /** `analytics.report` cannot be used; `reason` already quotes the usage */
  reportScheduleRefused: (reason: string) => `⚠️ 配置 analytics.report 无法使用，不发每日报告。${reason}`,
  reportNotRepeating: '报告时间要重复，如 每天21:00 或 工作日18:00',
  /** how a leaderboard over several groups names its scope */
  groupsScope: (n: number) => `${n} 个群`,
  /** the acknowledgement of a command that reads many groups before it can answer */
  working: (n: number) => `⏳ 正在读取 ${n} 个群的记录，稍候回复…`,
  /** the head of a leader's private daily report */
  leaderReportHead: (groups: number) => `您好！这是您负责的 ${groups} 个群今天的情况：`,
  noGroups: (unknown: string[]) =>
    `没有匹配的群${unknown.length ? `（未找到: ${nameList(unknown)}）` : ''}。发送 #群列表 查看可用的群和标签。`,
  /** the notice each group reads before its silent members are removed */
  silentNotice: (days: number, memberNames: readonly string[]) =>
    `📢 按群规，以下成员已超过 ${days} 天没有发言，将被移出本群：${names(memberNames)}。感谢陪伴，欢迎以后再来交流。`,
  /** the end of the `#潜水` list for an operator: what confirming does */
  silentPlan: (id: string, groups: number, members: number, ttlText: string) =>
    `🧹 ${id}: 确认后先在 ${groups} 个群发通知，再移出以上 ${members} 名潜水成员（通知后发过言的保留）。` +
    `\n回复 #确认 ${id} 执行，#取消 ${id} 放弃（${ttlText}内有效）。`,
  silentPlanCannotRemove: (groups: readonly string[]) =>
    `（机器人不是群主或管理员，无法移出: ${names(groups, 10, '个群')}）`,
  /** a plan's notice without names: what `#重发` of a plan would send (it removes nobody) */
  silentNoticeGeneral: (days: number) => `📢 按群规，超过 ${days} 天没有发言的成员将被移出本群。`,
  silentDone: (id: string, removed: number, spared: number, failed: readonly string[], skippedGroups: number) =>
    `🧹 ${id} 潜水清理完成：移出 ${removed} 人` +
    (spared ? `，保留 ${spared} 人（通知后发过言或已离开）` : '') +
    (skippedGroups ? `，${skippedGroups} 个群未发出通知、没有移人` : '') +
    (failed.length ? `，失败 ${failed.length} 人: ${names(failed, 10)}` : '') +
    '。',
} as const
