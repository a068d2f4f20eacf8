import { byName } from './compare'
import { DAY_MS, type MemberActivity } from './types'

export interface SilentMember {
  member: MemberActivity
  /** whole days since the last message, or since joining for one who never spoke; undefined when neither is known */
  silentDays: number | undefined
  neverSpoke: boolean
}

/**
 * The instant a member's silence started: their last message, or their join when they
 * never spoke; undefined when neither is known.
 */
export function silentSince(member: MemberActivity): number | undefined {
  return member.lastMessageAt ?? member.joinedAt
}

/** True when the member has said nothing for at least `days` days (unknown counts as silent). */
export function isSilent(member: MemberActivity, now: number, days: number): boolean {
  const since = silentSince(member)
  return since === undefined || now - since >= days * DAY_MS
}

/**
 * Members silent for at least `days` days, most silent first (unknown silence first of
 * all, then by name). A member who never spoke is counted from `joinedAt`; one whose
 * join is unknown too counts as silent, so nobody escapes the list for lack of records.
 */
export function silentMembers(
  members: readonly MemberActivity[],
  now: number,
  days: number,
  exempt: Iterable<string> = [],
): SilentMember[] {
  const skip = new Set(exempt)
  const found: SilentMember[] = []
  for (const member of members) {
    if (skip.has(member.id) || !isSilent(member, now, days)) continue
    const since = silentSince(member)
    found.push({
      member,
      silentDays: since === undefined ? undefined : Math.floor((now - since) / DAY_MS),
      neverSpoke: member.lastMessageAt === undefined,
    })
  }
  return found.sort((a, b) => {
    const sa = silentSince(a.member)
    const sb = silentSince(b.member)
    if (sa !== sb) {
      if (sa === undefined) return -1
      if (sb === undefined) return 1
      return sa - sb
    }
    return byName(a.member, b.member)
  })
}
