import { byName } from './compare'
import { partnerCounts } from './link-density'
import { defaultPointsConfig, memberPoints } from './points'
import { isSilent } from './silent-members'
import { DAY_MS, type Link, type MemberActivity, type PointsConfig } from './types'

export type Tier = 'core' | 'middle' | 'outer'

/**
 * Layers of a group (seed 001 §18–19: influence the core first, the core carries the
 * outer layers).
 * - outer: never spoke, or silent for `outerSilentDays` (14, the default `silentDays`):
 *   the members an in/out mechanism (§20) is about. Checked first: past points do not
 *   keep a member who has gone quiet in the core.
 * - core: spoke on at least 4 of the last 7 days (more days than not, a habit rather
 *   than a burst), or holds top-10% points (invites and being @-mentioned count, so
 *   recruiters and the people others turn to are core even when they talk less).
 * - middle: everyone else.
 */
export const tierRules = {
  outerSilentDays: 14,
  coreActiveDays7: 4,
  coreTopPointsShare: 0.1,
} as const

export interface TierOptions {
  points?: PointsConfig
  outerSilentDays?: number
}

export type Tiers = Record<Tier, MemberActivity[]>

export function tiers(members: readonly MemberActivity[], now: number, opts: TierOptions = {}): Tiers {
  const cfg = opts.points ?? defaultPointsConfig
  const silentDays = opts.outerSilentDays ?? tierRules.outerSilentDays
  const totals = new Map(members.map((m) => [m.id, memberPoints(m, cfg).total]))
  const positive = [...totals.values()].filter((t) => t > 0).sort((a, b) => b - a)
  // the top 10% of the whole group (at least one member), ties at the cut-off included
  const topCount = Math.max(1, Math.ceil(members.length * tierRules.coreTopPointsShare))
  const cutoff = positive[Math.min(topCount, positive.length) - 1]

  const result: Tiers = { core: [], middle: [], outer: [] }
  for (const m of members) {
    const total = totals.get(m.id) ?? 0
    if (m.lastMessageAt === undefined || isSilent(m, now, silentDays)) result.outer.push(m)
    else if (m.activeDays7 >= tierRules.coreActiveDays7 || (cutoff !== undefined && total >= cutoff))
      result.core.push(m)
    else result.middle.push(m)
  }
  return result
}

/**
 * Who could help lead the group (seed 001 §18–19, 003: find the KOLs among the active):
 * - active: spoke in the last 7 days, on at least 3 of them (about every other day);
 * - linked: @-mentions or replies with at least 3 distinct current members, so they
 *   talk with the group, not only to the owner;
 * - compliant: introduced themselves and keep the nickname format, an example to others;
 * - not exempt (owner, admins and leaders already lead).
 * Most linked first, then most active days, then most messages.
 */
export const leaderRules = {
  minActiveDays7: 3,
  minPartners: 3,
  limit: 5,
} as const

export interface LeaderCandidate {
  member: MemberActivity
  /** distinct members linked with */
  partners: number
}

export function candidateLeaders(
  members: readonly MemberActivity[],
  links: readonly Link[],
  now: number,
  opts: { exempt?: Iterable<string>; limit?: number } = {},
): LeaderCandidate[] {
  const skip = new Set(opts.exempt ?? [])
  const partners = partnerCounts(
    members.map((m) => m.id),
    links,
  )
  return members
    .filter(
      (m) =>
        !skip.has(m.id) &&
        m.introduced &&
        m.nicknameOk &&
        m.activeDays7 >= leaderRules.minActiveDays7 &&
        m.lastMessageAt !== undefined &&
        now - m.lastMessageAt < 7 * DAY_MS &&
        (partners.get(m.id) ?? 0) >= leaderRules.minPartners,
    )
    .map((member) => ({ member, partners: partners.get(member.id) ?? 0 }))
    .sort(
      (a, b) =>
        b.partners - a.partners ||
        b.member.activeDays7 - a.member.activeDays7 ||
        b.member.messages30d - a.member.messages30d ||
        byName(a.member, b.member),
    )
    .slice(0, Math.max(opts.limit ?? leaderRules.limit, 0))
}
