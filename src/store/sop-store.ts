import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'
import { execPipeline } from './exec-pipeline'

/** what became of one step of one group (a send's outcome, or why there was none) */
export type SopStepState = 'queued' | 'sent' | 'skipped' | 'late' | 'failed' | 'uncertain'
const STATES: readonly string[] = ['queued', 'sent', 'skipped', 'late', 'failed', 'uncertain']

const TTL_S = ttlMsOf('sopState') / 1000

/**
 * SOP timelines' progress (plugins/sop): each group's day 0, each step's state, the paused
 * groups, and who joined a room on which day. Every write refreshes its key's lifetime.
 */
export function createSopStore(redis: Redis, keys: Keys) {
  return {
    async anchor(timeline: string, roomId: string): Promise<string | undefined> {
      return (await redis.hget(keys.sopAnchor(timeline), roomId)) ?? undefined
    },
    async anchors(timeline: string): Promise<Map<string, string>> {
      return new Map(Object.entries(await redis.hgetall(keys.sopAnchor(timeline))))
    },
    /** day 0 of a group, set when it has none (`force`: `#SOP 开始` restarts it); the day in force */
    async setAnchor(timeline: string, roomId: string, day: string, force = false): Promise<string> {
      const key = keys.sopAnchor(timeline)
      if (force) await redis.hset(key, roomId, day)
      else await redis.hsetnx(key, roomId, day)
      await redis.expire(key, TTL_S)
      return (await redis.hget(key, roomId)) ?? day
    },
    async states(timeline: string, roomId: string): Promise<Map<string, SopStepState>> {
      const all = await redis.hgetall(keys.sopState(timeline, roomId))
      return new Map(Object.entries(all).filter((e): e is [string, SopStepState] => STATES.includes(e[1])))
    },
    /** the state of a step; `onlyNew`: only when it has none (a first claim) — true when written */
    async setState(timeline: string, roomId: string, step: string, state: SopStepState, onlyNew = false): Promise<boolean> {
      const key = keys.sopState(timeline, roomId)
      const wrote = onlyNew ? (await redis.hsetnx(key, step, state)) === 1 : (await redis.hset(key, step, state), true)
      await redis.expire(key, TTL_S)
      return wrote
    },
    async paused(timeline: string): Promise<Set<string>> {
      return new Set(await redis.smembers(keys.sopPaused(timeline)))
    },
    async setPaused(timeline: string, roomIds: readonly string[], paused: boolean): Promise<void> {
      if (!roomIds.length) return
      const key = keys.sopPaused(timeline)
      if (paused) await execPipeline(redis.pipeline().sadd(key, ...roomIds).expire(key, TTL_S))
      else await redis.srem(key, ...roomIds)
    },
    async addJoined(roomId: string, day: string, memberIds: readonly string[]): Promise<void> {
      if (!memberIds.length) return
      const key = keys.sopJoined(roomId, day)
      await execPipeline(redis.pipeline().sadd(key, ...memberIds).expire(key, TTL_S))
    },
    /** a send held past the daily cap on `day`; the number held that day so far */
    async addCapHeld(day: string, jobId: string): Promise<number> {
      const key = keys.sopCapHeld(day)
      const res = await execPipeline(redis.pipeline().sadd(key, jobId).pexpire(key, ttlMsOf('sopCapHeld')).scard(key))
      return Number(res[2]?.[1]) || 0
    },
    async capHeld(day: string): Promise<number> {
      return redis.scard(keys.sopCapHeld(day))
    },
    async joined(roomId: string, day: string): Promise<string[]> {
      return (await redis.smembers(keys.sopJoined(roomId, day))).sort()
    },
  }
}

export type SopStore = ReturnType<typeof createSopStore>
