import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { z } from 'zod'
import { countWithLifetime, pushCappedAndRead } from './capped-list'
import { createKeys, ttlMsOf } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/**
 * What the rules remember about members, kept small with TTLs:
 * - per room and member: when they joined (and who invited them), when their
 *   self-introduction was seen or missed, when their nickname was last reminded;
 * - per room: who joined when (a sorted set), so reports can list who introduced
 *   themselves and who did not; and who still has a nickname to fix (the sweep's set);
 * - per room and member: recent message times (flood);
 * - per member and normalised message: where it was sent (cross-group spam).
 */

export interface MemberRecord {
  joinedAt?: number
  inviterId?: string
  introducedAt?: number
  /** when the intro deadline passed without an introduction */
  introMissedAt?: number
  nickRemindedAt?: number
}

export interface IntroStatusRow {
  memberId: string
  joinedAt: number
  introducedAt?: number
  introMissedAt?: number
}

const RECORD_TTL_MS = ttlMsOf('memberRecord')
const RECENT_KEEP = 50
const CROSS_KEEP = 50
const EARLY_TTL_MS = ttlMsOf('introEarly')
const SEEN_TTL_MS = ttlMsOf('seen')
const EARLY_SLACK_MS = 1000

const hashOf = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 20)
/** where a repeated message was sent: `[roomId, at]` */
const placeSchema = z.tuple([z.string(), z.number()])

export function createMemberRecords(redis: Redis, prefix: string, onBad: OnBadValue) {
  const keys = createKeys(prefix)
  const recordKey = keys.memberRecord
  const joinedKey = keys.joined
  const pendingKey = keys.nickPending
  const recentKey = keys.recent
  const crossKey = (memberId: string, key: string) => keys.cross(memberId, hashOf(key))
  /** an introduction seen before its join was recorded (a join and a message a moment apart) */
  const earlyIntroKey = keys.introEarly

  const parse = (raw: Record<string, string>): MemberRecord => {
    const rec: MemberRecord = {}
    for (const field of ['joinedAt', 'introducedAt', 'introMissedAt', 'nickRemindedAt'] as const) {
      const v = raw[field]
      if (v !== undefined && v !== '') rec[field] = Number(v)
    }
    if (raw.inviterId) rec.inviterId = raw.inviterId
    return rec
  }

  return {
    /** a (re)join starts a fresh record: a new deadline, a new grace period */
    async joined(roomId: string, memberId: string, at: number, inviterId: string | undefined, ttlMs = RECORD_TTL_MS): Promise<void> {
      const key = recordKey(roomId, memberId)
      const ttl = Math.max(ttlMs, RECORD_TTL_MS)
      const early = Number(await redis.getdel(earlyIntroKey(roomId, memberId))) || 0
      const introducedAt = early > 0 && early >= at - EARLY_SLACK_MS ? { introducedAt: String(early) } : {}
      await redis
        .multi()
        .del(key)
        .hset(key, { joinedAt: String(at), ...(inviterId ? { inviterId } : {}), ...introducedAt })
        .pexpire(key, ttl)
        .zadd(joinedKey(roomId), at, memberId)
        .zremrangebyscore(joinedKey(roomId), '-inf', at - ttl)
        .pexpire(joinedKey(roomId), ttl)
        .exec()
    },
    async get(roomId: string, memberId: string): Promise<MemberRecord> {
      return parse(await redis.hgetall(recordKey(roomId, memberId)))
    },
    /** true when this is the member's first introduction since joining (only newcomers are tracked) */
    async markIntroduced(roomId: string, memberId: string, at: number): Promise<boolean> {
      const key = recordKey(roomId, memberId)
      if (!(await redis.hexists(key, 'joinedAt'))) {
        // the join may still be on its way through its handler: let it pick this up
        await redis.set(earlyIntroKey(roomId, memberId), String(at), 'PX', EARLY_TTL_MS)
        return false
      }
      return (await redis.hsetnx(key, 'introducedAt', String(at))) === 1
    },
    async markIntroMissed(roomId: string, memberId: string, at: number): Promise<void> {
      await redis.hset(recordKey(roomId, memberId), 'introMissedAt', String(at))
    },
    /** newcomers of the last 90 days with their introduction status, oldest first */
    async introStatus(roomId: string): Promise<IntroStatusRow[]> {
      const flat = await redis.zrange(joinedKey(roomId), '0', '-1', 'WITHSCORES')
      const rows: IntroStatusRow[] = []
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const memberId = flat[i] as string
        const rec = parse(await redis.hgetall(recordKey(roomId, memberId)))
        rows.push({
          memberId,
          joinedAt: rec.joinedAt ?? Number(flat[i + 1]),
          ...(rec.introducedAt !== undefined ? { introducedAt: rec.introducedAt } : {}),
          ...(rec.introMissedAt !== undefined ? { introMissedAt: rec.introMissedAt } : {}),
        })
      }
      return rows
    },

    // ---- nickname ----
    async nicknameReminded(roomId: string, memberId: string, at: number): Promise<void> {
      const key = recordKey(roomId, memberId)
      await redis.multi().hset(key, 'nickRemindedAt', String(at)).pexpire(key, RECORD_TTL_MS).exec()
    },
    async clearNicknameReminded(roomId: string, memberId: string): Promise<void> {
      await redis.hdel(recordKey(roomId, memberId), 'nickRemindedAt')
    },
    async addNicknamePending(roomId: string, memberId: string): Promise<void> {
      await redis.multi().sadd(pendingKey(roomId), memberId).pexpire(pendingKey(roomId), RECORD_TTL_MS).exec()
    },
    async removeNicknamePending(roomId: string, memberId: string): Promise<void> {
      await redis.srem(pendingKey(roomId), memberId)
    },
    async nicknamePending(roomId: string): Promise<string[]> {
      return (await redis.smembers(pendingKey(roomId))).sort()
    },

    // ---- flood and cross-group history ----
    /** adds this message's time; returns the member's recent message times in the room */
    async recordMessage(roomId: string, memberId: string, at: number, windowMs: number): Promise<number[]> {
      const times = await pushCappedAndRead(redis, recentKey(roomId, memberId), String(at), RECENT_KEEP, Math.max(1000, windowMs * 2))
      return times.map(Number)
    },
    /** counts this message; returns the member's messages seen in the room (within `seen`'s lifetime of the latest) */
    async countSeen(roomId: string, memberId: string): Promise<number> {
      const key = keys.seen(roomId, memberId)
      return countWithLifetime(redis, key, SEEN_TTL_MS)
    },
    /** adds where this message was sent; returns every place it was sent within the window */
    async recordRepeat(memberId: string, key: string, roomId: string, at: number, windowMs: number): Promise<{ roomId: string; at: number }[]> {
      const k = crossKey(memberId, key)
      const places = await pushCappedAndRead(redis, k, JSON.stringify([roomId, at]), CROSS_KEEP, Math.max(1000, windowMs + 1000))
      return places.flatMap((s) => {
        const [room, when] = readStored(placeSchema, s, k, onBad) ?? []
        return room === undefined || when === undefined ? [] : [{ roomId: room, at: when }]
      })
    },
  }
}

export type MemberRecords = ReturnType<typeof createMemberRecords>
