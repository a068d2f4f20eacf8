import { fnv1a } from '../core/fnv1a'

/**
 * How activity records are packed into Redis, small on purpose (1,000 groups × 500
 * members × 30 days must stay cheap; see bench/redis-memory.ts):
 *
 * - a member is one field of one of `BUCKETS` hashes per group (a group has at most 500
 *   members, so a bucket stays under Redis's 128-entry listpack limit and is stored as a
 *   compact list, not a hash table), its value a short comma-separated record;
 * - each member gets a small per-group number (`idx`) on first sight, so day records and
 *   links hold small integers (which listpacks and intsets store in a few bytes) instead
 *   of contact ids;
 * - times are whole seconds in base 36 (6 characters until the year 2038 and beyond).
 */

export const BUCKETS = 8

/** A stable bucket for a contact id. */
export function bucketOf(memberId: string): number {
  return fnv1a(memberId) % BUCKETS
}

export function encodeTime(ms: number): string {
  return Math.floor(ms / 1000).toString(36)
}

export function decodeTime(s: string | undefined): number | undefined {
  if (!s) return undefined
  const n = parseInt(s, 36)
  return Number.isFinite(n) ? n * 1000 : undefined
}

/** One member of one group, as stored. */
export interface MemberRecord {
  idx: number
  lastMessageAt?: number
  joinedAt?: number
  /** `idx` of who invited them */
  inviterIdx?: number
  invites: number
  mentioned: number
  introduced: boolean
  leftAt?: number
}

/**
 * Field order of the packed record; the Lua scripts use the same 1-based positions:
 * 1 idx, 2 last message, 3 joined, 4 inviter idx, 5 invites, 6 mentioned, 7 introduced, 8 left.
 */
export function decodeMember(value: string): MemberRecord | undefined {
  const f = value.split(',')
  const idx = Number(f[0])
  if (!Number.isInteger(idx) || idx < 1) return undefined
  const lastMessageAt = decodeTime(f[1])
  const joinedAt = decodeTime(f[2])
  const inviterIdx = f[3] ? Number(f[3]) : undefined
  const leftAt = decodeTime(f[7])
  return {
    idx,
    ...(lastMessageAt !== undefined ? { lastMessageAt } : {}),
    ...(joinedAt !== undefined ? { joinedAt } : {}),
    ...(inviterIdx !== undefined && Number.isInteger(inviterIdx) ? { inviterIdx } : {}),
    invites: Number(f[4]) || 0,
    mentioned: Number(f[5]) || 0,
    introduced: f[6] === '1',
    ...(leftAt !== undefined ? { leftAt } : {}),
  }
}

export function encodeMember(r: MemberRecord): string {
  const t = (ms: number | undefined) => (ms === undefined ? '' : encodeTime(ms))
  return [
    String(r.idx),
    t(r.lastMessageAt),
    t(r.joinedAt),
    r.inviterIdx === undefined ? '' : String(r.inviterIdx),
    r.invites ? String(r.invites) : '',
    r.mentioned ? String(r.mentioned) : '',
    r.introduced ? '1' : '',
    t(r.leftAt),
  ]
    .join(',')
    .replace(/,+$/, '')
}

/** An unordered pair of member numbers as one integer (an intset entry). */
const PAIR_BASE = 1 << 20

export function encodePair(a: number, b: number): number {
  return a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a
}

export function decodePair(code: number): [number, number] {
  return [Math.floor(code / PAIR_BASE), code % PAIR_BASE]
}

/** Day-record fields that are not member numbers. */
export const DAY_FIELDS = { messages: 'm', joins: 'j', leaves: 'l', channelPrefix: 'c:' } as const
