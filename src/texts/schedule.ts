/**
 * Texts of scheduled broadcasts (`#定时 #定时列表 #删除定时`, config `schedules`,
 * docs/commands.md "when"). Times are shown in the configured time zone.
 */
import { targetWords } from './syntax-words'
import { commandErrors, commandUsages } from './commands'
import { nameList } from './limits'

/** a command's target as these texts read it (core's `Target` fits) */
export type TargetView = { kind: 'all' } | { kind: 'tags'; tags: readonly string[] } | { kind: 'groups'; names: readonly string[] }

/** A target as the operator would type it: `全部`, `标签:北京,上海`, `群:bj1`. */
export function formatTarget(target: TargetView): string {
  switch (target.kind) {
    case 'all':
      return targetWords.all[0]
    case 'tags':
      return `${targetWords.tags[0]}:${target.tags.join(',')}`
    case 'groups':
      return `${targetWords.groups[0]}:${target.names.join(',')}`
  }
}

/** `formatTarget` for reading: a `群:` list of thousands of names is summarised. */
export function shownTarget(target: TargetView): string {
  return target.kind === 'groups' ? `${targetWords.groups[0]}:${nameList(target.names).replace(/、/g, ',')}` : formatTarget(target)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-12-01 08:00` (seconds only when they are not 0): core's `localTime(at, timeZone)`. */
export function formatLocalTime(t: { date: string; minutes: number; seconds: number }): string {
  const clock = `${pad(Math.floor(t.minutes / 60))}:${pad(t.minutes % 60)}`
  return `${t.date} ${clock}${t.seconds ? `:${pad(t.seconds)}` : ''}`
}

function preview(text: string, max = 30): string {
  const line = text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim()
  const chars = Array.from(line)
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : line
}

export interface ScheduleRow {
  /** `S3`, or a config id */
  id: string
  fromConfig: boolean
  when: string
  target: string
  text: string
  /** the next run, already formatted; undefined when none is planned */
  next: string | undefined
}

export const scheduleMessages = {
  created: (id: string, when: string, target: string, groups: number, next: string | undefined) =>
    `⏰ 已创建定时 ${id}：${when} → ${target}（目前 ${groups} 个群）` +
    (next ? `，下次 ${next}` : '') +
    `。\n#定时列表 查看全部，#删除定时 ${id} 删除。`,
  noGroups: (target: string, unknown: string[]) =>
    `没有匹配 ${target} 的群${unknown.length ? `（未找到: ${nameList(unknown)}）` : ''}，未创建定时。发送 #群列表 查看可用的群和标签。`,
  listEmpty: `还没有定时广播。用法: ${commandUsages.schedule}`,
  list: (rows: readonly ScheduleRow[]) =>
    `⏰ 定时广播（${rows.length}）：\n` +
    rows
      .map(
        (r) =>
          `${r.id}${r.fromConfig ? '(配置)' : ''} ${r.when} → ${r.target} · 下次 ${r.next ?? '—'} · ${preview(r.text)}`,
      )
      .join('\n') +
    (rows.some((r) => r.fromConfig) ? '\n(配置) 的定时在配置文件里修改' : ''),
  removed: (id: string, when: string, target: string) => `🗑 已删除定时 ${id}（${when} → ${target}），不会再发送。`,
  unknown: (id: string) => `没有找到定时 ${id}。发送 #定时列表 查看。`,
  /** a config entry that cannot be used: refused with the command's usage */
  configRefused: (id: string, reason: string) =>
    `⚠️ 配置里的定时 ${id} 无法使用，已跳过。${commandErrors.withUsage(reason, commandUsages.schedule)}`,
  tickNoGroups: (id: string, target: string) => `⏰ 定时 ${id} 到点了，但没有匹配 ${target} 的群，什么也没发。`,
} as const
