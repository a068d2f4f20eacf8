import type { Redis } from 'ioredis'
import { z } from 'zod'
import { KEY_LIFETIMES, ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/**
 * What a broadcast sends: text (templated per group), a forward of an HQ message, a
 * group announcement (templated per group; `#群公告`, src/plugins/announce), or an item of
 * the media library (src/media).
 */
export type BroadcastContent =
  | { kind: 'text'; text: string }
  | { kind: 'forward'; messageId: string; description: string }
  | { kind: 'announce'; text: string }
  /** an item of the media library (`[素材:课程海报]`), looked up when the deliveries are queued */
  | { kind: 'media'; id: string }

export type BroadcastStatus = 'awaiting' | 'running' | 'done' | 'cancelled' | 'expired'

export interface BroadcastRoom {
  roomId: string
  topic: string
  /** the text for this group with {群名} {负责人} filled in (text broadcasts) */
  text?: string
}

export interface BroadcastRecord {
  id: string
  by: string
  /** where the command came from, for replies */
  hqRoom: string
  content: BroadcastContent
  rooms: BroadcastRoom[]
  status: BroadcastStatus
  /** from a schedule, not a person */
  scheduleId?: string
  createdAt: number
  expiresAt: number
  startedAt?: number
  finishedAt?: number
  /** estimated duration given the pacing, ms */
  estimateMs: number
}

export interface BroadcastCounts {
  total: number
  sent: number
  failed: number
  uncertain: number
  skipped: number
  done: number
}

const recordSchema: z.ZodType<BroadcastRecord> = z.object({
  id: z.string(),
  by: z.string(),
  hqRoom: z.string(),
  content: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string() }),
    z.object({ kind: z.literal('forward'), messageId: z.string(), description: z.string() }),
    z.object({ kind: z.literal('announce'), text: z.string() }),
    z.object({ kind: z.literal('media'), id: z.string() }),
  ]),
  rooms: z.array(z.object({ roomId: z.string(), topic: z.string(), text: z.string().optional() })),
  status: z.enum(['awaiting', 'running', 'done', 'cancelled', 'expired']),
  scheduleId: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  estimateMs: z.number(),
})

/**
 * One delivery outcome, counted once per room (`count` below). KEYS: counted set, record
 * hash, sent set, failed hash, uncertain set. ARGV: room (may be empty: counted, never
 * deduplicated), outcome, error, account, lifetime in seconds.
 */
const COUNT_SCRIPT = `
local room, outcome, err, account, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
if room ~= '' then
  local first = redis.call('SADD', KEYS[1], room)
  redis.call('EXPIRE', KEYS[1], ttl)
  if first == 0 then return 0 end
end
redis.call('HINCRBY', KEYS[2], outcome, 1)
redis.call('HINCRBY', KEYS[2], 'done', 1)
if account ~= '' and outcome == 'sent' then redis.call('HINCRBY', KEYS[2], 'sent@' .. account, 1) end
-- delivered rooms by id, so the console names them while the broadcast runs (issue 13)
if outcome == 'sent' and room ~= '' then
  redis.call('SADD', KEYS[3], room)
  redis.call('EXPIRE', KEYS[3], ttl)
end
if outcome == 'failed' then
  redis.call('HSET', KEYS[4], room, err)
  redis.call('EXPIRE', KEYS[4], ttl)
end
if outcome == 'uncertain' then
  redis.call('SADD', KEYS[5], room)
  redis.call('EXPIRE', KEYS[5], ttl)
end
return 1
`

/**
 * Broadcast state in our own keys (BullMQ's events are a trimmed stream, not a record). A
 * record that does not read is reported and taken as unknown.
 */
export function createBroadcastStore(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const RECORD_TTL_S = ttlMsOf('broadcast') / 1000
  const BY_TTL_S = ttlMsOf('broadcastsBy') / 1000
  const BY_KEEP = KEY_LIFETIMES.broadcastsBy.maxLength
  const ACTIVE_TTL_S = ttlMsOf('broadcastsActive') / 1000

  async function get(id: string): Promise<BroadcastRecord | undefined> {
    return readStored(recordSchema, await redis.hget(keys.broadcast(id), 'record'), `${keys.broadcast(id)} record`, onBad)
  }

  return {
    get,
    async nextId(): Promise<string> {
      return `B${await redis.incr(keys.seq('broadcast'))}`
    },
    async save(record: BroadcastRecord): Promise<void> {
      await redis
        .multi()
        .hset(keys.broadcast(record.id), 'record', JSON.stringify(record))
        .hsetnx(keys.broadcast(record.id), 'total', String(record.rooms.length))
        .expire(keys.broadcast(record.id), RECORD_TTL_S)
        .zadd(keys.broadcastsBy(record.by), record.createdAt, record.id)
        // an operator's list keeps the latest ones only, and goes when they stop broadcasting
        .zremrangebyrank(keys.broadcastsBy(record.by), 0, -BY_KEEP - 1)
        .expire(keys.broadcastsBy(record.by), BY_TTL_S)
        .exec()
    },
    async setStatus(id: string, status: BroadcastStatus, at: number): Promise<BroadcastRecord | undefined> {
      const record = await get(id)
      if (!record) return undefined
      const next: BroadcastRecord = {
        ...record,
        status,
        ...(status === 'running' ? { startedAt: at } : {}),
        ...(status === 'done' || status === 'cancelled' || status === 'expired' ? { finishedAt: at } : {}),
      }
      await redis.hset(keys.broadcast(id), 'record', JSON.stringify(next))
      if (status === 'running') await redis.multi().sadd(keys.broadcastsActive(), id).expire(keys.broadcastsActive(), ACTIVE_TTL_S).exec()
      else await redis.srem(keys.broadcastsActive(), id)
      return next
    },
    /**
     * Counts one delivery outcome, once per room, whichever account's job reports it (a job
     * moved in a failover runs under its id elsewhere, a job settled after a crash is
     * published again); returns the counts after it. One script: a process that dies while
     * counting has counted the room wholly or not at all (two writes, "counted" then the
     * sums, lost the room for good when a death fell between them: issue 17).
     */
    async count(id: string, outcome: 'sent' | 'failed' | 'uncertain' | 'skipped', roomId: string, error?: string, account?: string): Promise<BroadcastCounts> {
      const keyList = [keys.broadcastCounted(id), keys.broadcast(id), keys.broadcastSent(id), keys.broadcastRooms(id, 'failed'), keys.broadcastRooms(id, 'uncertain')]
      await redis.eval(COUNT_SCRIPT, keyList.length, ...keyList, roomId, outcome, error ?? '', account ?? '', String(RECORD_TTL_S))
      return this.counts(id)
    },
    async counts(id: string): Promise<BroadcastCounts> {
      const h = await redis.hmget(keys.broadcast(id), 'total', 'sent', 'failed', 'uncertain', 'skipped', 'done')
      const [total, sent, failed, uncertain, skipped, done] = h.map((v) => Number(v) || 0)
      return { total: total ?? 0, sent: sent ?? 0, failed: failed ?? 0, uncertain: uncertain ?? 0, skipped: skipped ?? 0, done: done ?? 0 }
    },
    /** sends per account (several accounts, issue 11); empty when none was recorded */
    async sentByAccount(id: string): Promise<Record<string, number>> {
      const all = await redis.hgetall(keys.broadcast(id))
      const out: Record<string, number> = {}
      for (const [field, n] of Object.entries(all)) if (field.startsWith('sent@')) out[field.slice(5)] = Number(n) || 0
      return out
    },
    async failedRooms(id: string): Promise<Record<string, string>> {
      return redis.hgetall(keys.broadcastRooms(id, 'failed'))
    },
    /** the rooms delivered to (recorded since issue 13; older broadcasts have counts only) */
    async sentRooms(id: string): Promise<string[]> {
      return redis.smembers(keys.broadcastSent(id))
    },
    async uncertainRooms(id: string): Promise<string[]> {
      return redis.smembers(keys.broadcastRooms(id, 'uncertain'))
    },
    /** the final report is queued (`markFinished`): later outcomes of the broadcast add nothing */
    async finished(id: string): Promise<boolean> {
      return (await redis.hexists(keys.broadcast(id), 'finished')) === 1
    },
    async markFinished(id: string): Promise<void> {
      await redis.hset(keys.broadcast(id), 'finished', '1')
    },
    async active(): Promise<string[]> {
      return redis.smembers(keys.broadcastsActive())
    },
    /** the latest broadcast ids of one operator, newest first */
    async latestBy(contactId: string, n = 10): Promise<string[]> {
      return redis.zrevrange(keys.broadcastsBy(contactId), 0, n - 1)
    },
  }
}

export type BroadcastStore = ReturnType<typeof createBroadcastStore>
