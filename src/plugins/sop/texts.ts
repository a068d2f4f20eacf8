/** What HQ reads about `#SOP` (Chinese, one place). */
import type { SopStepState } from '../../store/sop-store'

export const stateNames: Record<SopStepState | 'due', string> = {
  due: '⏳待发',
  queued: '📤发送中',
  sent: '✅已发',
  skipped: '⏭跳过',
  late: '⌛过时未发',
  failed: '❌失败',
  uncertain: '❓不确定',
}

export interface TimelineSummary {
  id: string
  name: string
  anchor: 'group' | 'member'
  groups: number
  paused: number
  counts: Record<SopStepState | 'due', number>
}

export const sopTexts = {
  usage: '#SOP [预览|暂停|继续|跳过|开始] [编号] [目标]  例: #SOP 预览 S1 群:bj1 · #SOP 暂停 S1 标签:新生',
  description: 'SOP 群内容计划：进度、某群的日程、暂停/继续/跳过下一步/从今天重新开始',
  none: '没有配置 SOP（配置 sop.timelines）。',
  unknownTimeline: (id: string) => `没有 SOP「${id}」。#SOP 查看全部。`,
  needTimeline: '缺少 SOP 编号，例: #SOP 预览 S1 群:bj1',
  needTarget: '缺少目标群，例: 群:bj1 或 标签:新生',
  noGroups: '目标里没有受这个 SOP 管的群。',
  memberAnchored: (id: string) => `${id} 按成员入群日计算，每位新成员从入群那天算第0天；预览按群日程不适用。`,
  summary: (rows: readonly TimelineSummary[]) =>
    [
      `📅 SOP (${rows.length})`,
      ...rows.map(
        (r) =>
          `${r.id} ${r.name} · ${r.anchor === 'group' ? '按建群/入标签日' : '按成员入群日'} · ${r.groups} 个群` +
          (r.paused ? `（暂停 ${r.paused}）` : '') +
          ` · 已发 ${r.counts.sent} · 发送中 ${r.counts.queued} · 待发 ${r.counts.due} · 跳过 ${r.counts.skipped + r.counts.late} · 失败 ${r.counts.failed}`,
      ),
    ].join('\n'),
  preview: (id: string, group: string, anchorDay: string, paused: boolean, lines: readonly { date: string; at: string; day: number; what: string; state: SopStepState | 'due' }[]) =>
    [
      `📅 ${id} · ${group} · 第0天 ${anchorDay}${paused ? ' · ⏸已暂停' : ''}`,
      ...lines.map((l) => `第${l.day}天 ${l.date.slice(5)} ${l.at} ${stateNames[l.state]} ${l.what}`),
    ].join('\n'),
  paused: (id: string, n: number) => `⏸ ${id} 已在 ${n} 个群暂停，#SOP 继续 ${id} <目标> 恢复。`,
  resumed: (id: string, n: number) => `▶️ ${id} 已在 ${n} 个群继续；暂停期间到点、晚于 sop.lateHours 的步骤跳过并计数。`,
  skipped: (id: string, n: number) => `⏭ ${id}：${n} 个群跳过了下一步。`,
  capHeld: (n: number, cap: number) => `⏸ 今日 ${n} 条 SOP 因每日发送上限 (outbound.dailyCap ${cap}) 顺延到明天发送。`,
  started: (id: string, n: number, day: string) => `🚀 ${id} 已在 ${n} 个群从今天 (${day}) 作为第0天开始。`,
  /** the console page (/p/sop) */
  page: {
    title: 'SOP',
    group: '群',
    day0: '第0天',
    step: (day: number, at: string) => `第${day}天 ${at}`,
    paused: '⏸暂停',
    noAnchor: '—',
    planOf: (id: string, group: string, anchorDay: string, paused: boolean) => `${id} · ${group} · 第0天 ${anchorDay}${paused ? ' · ⏸已暂停' : ''}`,
    planCols: { day: '天', date: '日期', at: '时间', state: '状态', what: '内容' },
  },
} as const
