import { byName } from './compare'
import type { MemberActivity } from './types'

export interface InviteBoardEntry {
  /** 1-based; equal counts share a rank (1, 1, 3) */
  rank: number
  member: MemberActivity
  /** invitees who stayed `inviteHoldDays` (`MemberActivity.invites`) */
  invites: number
}

/** The `limit` members who brought in the most people who stayed; members with none left out. */
export function inviteBoard(members: readonly MemberActivity[], limit = 20): InviteBoardEntry[] {
  const sorted = members.filter((m) => m.invites > 0).sort((a, b) => b.invites - a.invites || byName(a, b))
  const entries: InviteBoardEntry[] = []
  for (const [i, member] of sorted.slice(0, Math.max(limit, 0)).entries()) {
    const prev = entries[i - 1]
    entries.push({ rank: prev && prev.invites === member.invites ? prev.rank : i + 1, member, invites: member.invites })
  }
  return entries
}

/** Joins by channel summed over days (`GroupDay.channels`). */
export function sumChannels(days: ReadonlyArray<{ channels?: Record<string, number> }>): Record<string, number> {
  const sum: Record<string, number> = {}
  for (const d of days) for (const [c, n] of Object.entries(d.channels ?? {})) sum[c] = (sum[c] ?? 0) + n
  return sum
}
