import { byName } from './compare'
import type { MemberActivity, PointsConfig } from './types'

/** The schema's defaults for `analytics.points`. */
export const defaultPointsConfig: PointsConfig = { message: 1, messageDailyCap: 20, intro: 5, invite: 10, mentioned: 2, inviteHoldDays: 3 }

export interface PointsBreakdown {
  messages: number
  intro: number
  invites: number
  mentioned: number
  total: number
}

/**
 * A member's points (seed 001 §30: activity, content, recruiting): messages up to the
 * daily cap each day, the intro once, each invite, each time another member @-mentioned
 * them. The cap keeps flooding from buying a place on the board. Without per-day counts
 * the 30-day count is capped at 30 days' worth. `messageDailyCap: 0` means no cap.
 */
export function memberPoints(member: MemberActivity, cfg: PointsConfig): PointsBreakdown {
  const cap = cfg.messageDailyCap > 0 ? cfg.messageDailyCap : Infinity
  const counted = member.dailyMessages
    ? Object.values(member.dailyMessages).reduce((sum, n) => sum + Math.min(Math.max(n, 0), cap), 0)
    : Math.min(Math.max(member.messages30d, 0), cap * 30)
  const messages = counted * cfg.message
  const intro = member.introduced ? cfg.intro : 0
  const invites = Math.max(member.invites, 0) * cfg.invite
  const mentioned = Math.max(member.mentionedCount, 0) * cfg.mentioned
  return { messages, intro, invites, mentioned, total: messages + intro + invites + mentioned }
}

export interface LeaderboardEntry {
  /** 1-based; equal totals share a rank (1, 1, 3) */
  rank: number
  member: MemberActivity
  points: PointsBreakdown
}

/**
 * The `limit` members with the most points, members with none left out. Ties are ordered
 * by name then id so the board reads the same every time.
 */
export function leaderboard(members: readonly MemberActivity[], cfg: PointsConfig, limit = 20): LeaderboardEntry[] {
  const scored = members
    .map((member) => ({ member, points: memberPoints(member, cfg) }))
    .filter((e) => e.points.total > 0)
    .sort(
      (a, b) =>
        b.points.total - a.points.total || byName(a.member, b.member),
    )
  const entries: LeaderboardEntry[] = []
  for (const [i, e] of scored.slice(0, Math.max(limit, 0)).entries()) {
    const prev = entries[i - 1]
    const rank = prev && prev.points.total === e.points.total ? prev.rank : i + 1
    entries.push({ rank, ...e })
  }
  return entries
}
