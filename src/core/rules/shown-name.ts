import type { MemberInfo } from '../types'

/** The name a room shows for a member: the group nickname when set, else the WeChat name. */
export function shownName(member: Pick<MemberInfo, 'name' | 'alias'>): string {
  return member.alias?.trim() || member.name.trim()
}
