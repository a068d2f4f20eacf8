import type { Redis } from 'ioredis'
import { redisErrorSummary } from './redis-errors'

/**
 * What survives a Redis restart. Queued sends, broadcasts and their progress live only in
 * Redis: without an append-only file a restart loses them (39 of 40 deliveries in one
 * test, and `#进度 B1` then answered "没有找到广播 B1").
 * - `aof`: append-only file; loses at most about a second of writes
 * - `rdb`: snapshots only; loses everything since the last snapshot
 * - `none`: loses everything
 * - `unknown`: CONFIG is disabled or renamed (managed Redis); we cannot tell
 */
export type Persistence =
  | { kind: 'aof' | 'rdb' | 'none'; appendonly: string; save: string }
  | { kind: 'unknown'; error: string }

export async function readPersistence(redis: Redis): Promise<Persistence> {
  try {
    const appendonly = pairValue(await redis.config('GET', 'appendonly'))
    const save = pairValue(await redis.config('GET', 'save'))
    if (appendonly === undefined || save === undefined) return { kind: 'unknown', error: 'CONFIG GET returned nothing' }
    const kind = appendonly === 'yes' ? 'aof' : save.trim() ? 'rdb' : 'none'
    return { kind, appendonly, save }
  } catch (err) {
    return { kind: 'unknown', error: redisErrorSummary(err) }
  }
}

/** CONFIG GET answers a flat [name, value] list */
function pairValue(reply: unknown): string | undefined {
  return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined
}
