/**
 * The Chinese (and English) words an operator types as arguments: target prefixes, rules
 * actions, schedule words. Grammar, not replies; they live with the texts (the parser in
 * src/core/commands reads them) so that every Chinese word is reviewed in one place.
 */

export const targetWords = {
  all: ['全部', 'all'],
  tags: ['标签', 'tag'],
  groups: ['群', 'group'],
} as const

export const rulesActionWords = {
  reload: ['重载', 'reload'],
  show: ['查看', 'show'],
} as const

export const whenWords = {
  daily: ['每天', '每日'],
  workdays: ['工作日'],
  weeklyPrefix: ['每周', '每星期'],
  /** weekday characters → cron day of week (Sunday = 0) */
  weekdays: { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 0, 天: 0 } as Readonly<Record<string, number>>,
} as const

/** `#入群码 生成 20 标签:训练营` */
export const codesActionWords = {
  make: ['生成', 'make'],
} as const

/** `#潜水 30天` */
export const daySuffix = '天'

/** `#账号 回切 a1`: the groups failed over away from a1 go back to it */
export const accountsBackWords: readonly string[] = ['回切', 'back']
