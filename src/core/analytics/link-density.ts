import type { Link } from './types'

/**
 * How connected a group is (seed 001 §10–11): if members only talk to the owner there
 * are N−1 links (a star); if everyone is linked to everyone, N(N−1)/2 (a mesh).
 */

/**
 * The distinct unordered member pairs among `memberIds` that are linked. Self-links,
 * repeats (either way round) and links to anyone no longer a member are dropped.
 */
export function linkedPairs(memberIds: Iterable<string>, links: readonly Link[]): Array<[string, string]> {
  const members = new Set(memberIds)
  const seen = new Map<string, [string, string]>()
  for (const { a, b } of links) {
    if (a === b || !members.has(a) || !members.has(b)) continue
    const pair: [string, string] = a < b ? [a, b] : [b, a]
    // JSON keeps ids apart whatever characters they contain
    seen.set(JSON.stringify(pair), pair)
  }
  return [...seen.values()]
}

/** Linked pairs ÷ N(N−1)/2 among the current members: 2/N for a star, 1 for a mesh, 0 when N < 2. */
export function linkDensity(memberIds: Iterable<string>, links: readonly Link[]): number {
  const members = new Set(memberIds)
  const n = members.size
  if (n < 2) return 0
  return linkedPairs(members, links).length / ((n * (n - 1)) / 2)
}

/** Distinct partners of each member, over the linked pairs. */
export function partnerCounts(memberIds: Iterable<string>, links: readonly Link[]): Map<string, number> {
  return countPartners(linkedPairs(memberIds, links))
}

function countPartners(pairs: ReadonlyArray<readonly [string, string]>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const [a, b] of pairs) {
    counts.set(a, (counts.get(a) ?? 0) + 1)
    counts.set(b, (counts.get(b) ?? 0) + 1)
  }
  return counts
}

export interface HubShare {
  /** the member in the most linked pairs; undefined when there are no links */
  memberId: string | undefined
  /** that member's distinct partners */
  partners: number
  /** share of all linked pairs that include that member: 1 for a star, 2/N for a mesh, 0 without links */
  share: number
}

/** How much of the linking goes through one member: near 1, the group is a star around a hub. */
export function hubShare(memberIds: Iterable<string>, links: readonly Link[]): HubShare {
  const pairs = linkedPairs(memberIds, links)
  const counts = countPartners(pairs)
  let memberId: string | undefined
  let partners = 0
  // ties go to the smaller id, so the answer does not depend on link order
  for (const [id, c] of counts) {
    if (c > partners || (c === partners && memberId !== undefined && id < memberId)) {
      memberId = id
      partners = c
    }
  }
  return { memberId, partners, share: pairs.length ? partners / pairs.length : 0 }
}
