import type { MemberActivity } from './types'

const collator = new Intl.Collator('zh-CN')

/** Members in reading order: by name (pinyin for Chinese), then id, so lists never shuffle. */
export function byName(a: MemberActivity, b: MemberActivity): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
