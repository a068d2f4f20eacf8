import type { WeeklyTrend } from './weekly-trend'

// the levels are named where their texts are (messages/analytics: `decayLevelTexts`)
import type { DecayLevel } from '../../texts/analytics'
export type { DecayLevel }

/** Levels from best to worst; the index is the severity. */
export const decayLevels: readonly DecayLevel[] = ['healthy', 'cooling', 'decaying', 'dying']

/**
 * Why a group looks unwell. Each signal is graded on its own; the group's level is its
 * worst signal, so every level can be traced to one plain reason.
 *
 * - silence (days since anyone spoke): 3 → cooling, 7 → decaying, 14 → dying.
 *   The average WeChat group dies in 36 days (seed 004). Three quiet days is already
 *   unusual for a live group; a silent week loses the habit of opening the group; after
 *   two silent weeks members have muted or folded it and it rarely comes back unaided.
 * - messages this week against last week: −30% → cooling, −60% → decaying, counted only
 *   when last week had at least 20 messages, because small numbers swing wildly
 *   (3 → 1 is "−67%" and means nothing).
 * - share of members who spoke in 7 days: under 10% → cooling, under 5% → decaying,
 *   for groups of 5 or more. Even in healthy online groups most members only read
 *   (the 90-9-1 rule puts contributors near 10%); under 5% the group is an audience.
 * - link density under half a star's (2/N, seed 001 §11), i.e. fewer linked pairs than
 *   (N−1)/2, for groups of 3 or more: most members are linked to nobody. Only ever
 *   cooling: an announcement group can be a healthy star.
 */
export const decayThresholds = {
  silenceDays: { cooling: 3, decaying: 7, dying: 14 },
  messagesDropPct: { cooling: 30, decaying: 60 },
  minMessagesForTrend: 20,
  activeShare: { cooling: 0.1, decaying: 0.05 },
  minMembersForShare: 5,
  sparseLinksOfStar: 0.5,
  minMembersForLinks: 3,
} as const

export type DecayReason =
  | { kind: 'silence'; level: DecayLevel; days: number }
  | { kind: 'messagesDrop'; level: DecayLevel; pct: number; before: number; after: number }
  | { kind: 'fewActive'; level: DecayLevel; active7: number; memberCount: number; share: number }
  | { kind: 'sparseLinks'; level: DecayLevel; density: number; starDensity: number }

export interface DecayWarning {
  level: DecayLevel
  /** worst first */
  reasons: DecayReason[]
}

export interface DecayInput {
  memberCount: number
  /** members who spoke in the last 7 days */
  active7: number
  /** whole days since the last message in the group; undefined when none is on record */
  daysSinceLastMessage: number | undefined
  linkDensity: number
  trend: WeeklyTrend
}

export function severity(level: DecayLevel): number {
  return decayLevels.indexOf(level)
}

export function decayWarning(input: DecayInput): DecayWarning {
  const t = decayThresholds
  const reasons: DecayReason[] = []

  const silent = input.daysSinceLastMessage
  if (silent !== undefined && silent >= t.silenceDays.cooling) {
    const level = silent >= t.silenceDays.dying ? 'dying' : silent >= t.silenceDays.decaying ? 'decaying' : 'cooling'
    reasons.push({ kind: 'silence', level, days: silent })
  }

  const before = input.trend.previousWeek.messages
  const after = input.trend.thisWeek.messages
  const change = input.trend.messagesChangePct
  if (before >= t.minMessagesForTrend && change !== undefined && -change >= t.messagesDropPct.cooling) {
    const level = -change >= t.messagesDropPct.decaying ? 'decaying' : 'cooling'
    reasons.push({ kind: 'messagesDrop', level, pct: change, before, after })
  }

  if (input.memberCount >= t.minMembersForShare) {
    const share = input.active7 / input.memberCount
    if (share < t.activeShare.cooling) {
      const level = share < t.activeShare.decaying ? 'decaying' : 'cooling'
      reasons.push({ kind: 'fewActive', level, active7: input.active7, memberCount: input.memberCount, share })
    }
  }

  if (input.memberCount >= t.minMembersForLinks) {
    const starDensity = 2 / input.memberCount
    if (input.linkDensity < t.sparseLinksOfStar * starDensity) {
      reasons.push({ kind: 'sparseLinks', level: 'cooling', density: input.linkDensity, starDensity })
    }
  }

  // stable sort: equal levels keep the order above
  reasons.sort((a, b) => severity(b.level) - severity(a.level))
  return { level: reasons[0]?.level ?? 'healthy', reasons }
}
