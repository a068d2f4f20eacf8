import type { Redis } from 'ioredis'
import { z } from 'zod'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** a plan outlives its confirmation window and the removals that follow */
const PLAN_TTL_S = ttlMsOf('silentPlan') / 1000

export interface PlannedMember {
  id: string
  name: string
}

/** A silent-member removal plan (`#潜水`), saved under its broadcast id `B<n>`. */
export interface SilentPlan {
  days: number
  /** when the list was made: a member who spoke after it is spared */
  listedAt: number
  rooms: Record<string, PlannedMember[]>
}

/** How far a plan has got: rooms whose notice was answered, and its removals. */
export interface SilentPlanTally {
  roomsDone: number
  expected: number
  removed: number
  failed: number
  spared: number
  skippedRooms: number
}

const planSchema: z.ZodType<SilentPlan> = z.object({
  days: z.number(),
  listedAt: z.number(),
  rooms: z.record(z.string(), z.array(z.object({ id: z.string(), name: z.string() }))),
})
const TALLY = ['roomsDone', 'expected', 'removed', 'failed', 'spared', 'skippedRooms'] as const

/** One hash per plan (the plan, its counters, `finished`) and one of the members whose removal failed. */
export function createSilentPlans(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const planKey = keys.silentPlan
  const failedKey = keys.silentPlanFailed
  return {
    async save(id: string, plan: SilentPlan): Promise<void> {
      await redis.multi().hset(planKey(id), 'plan', JSON.stringify(plan)).expire(planKey(id), PLAN_TTL_S).exec()
    },
    async get(id: string): Promise<SilentPlan | undefined> {
      return readStored(planSchema, await redis.hget(planKey(id), 'plan'), `${planKey(id)} plan`, onBad)
    },
    /** a room's notice was delivered: `expected` removals queued, `spared` members left alone */
    async noticeDelivered(id: string, expected: number, spared: number): Promise<void> {
      await redis.multi().hincrby(planKey(id), 'expected', expected).hincrby(planKey(id), 'spared', spared).exec()
    },
    async count(id: string, field: 'roomsDone' | 'skippedRooms' | 'removed'): Promise<void> {
      await redis.hincrby(planKey(id), field, 1)
    },
    async removalFailed(id: string, roomId: string, contactId: string, name: string): Promise<void> {
      await redis
        .multi()
        .hincrby(planKey(id), 'failed', 1)
        .hset(failedKey(id), `${roomId}|${contactId}`, name)
        .expire(failedKey(id), PLAN_TTL_S)
        .exec()
    },
    async tally(id: string): Promise<SilentPlanTally> {
      const values = await redis.hmget(planKey(id), ...TALLY)
      const n = (i: number) => Number(values[i]) || 0
      return { roomsDone: n(0), expected: n(1), removed: n(2), failed: n(3), spared: n(4), skippedRooms: n(5) }
    },
    /** true for the one caller that marks the plan finished (the summary goes out once) */
    async finish(id: string): Promise<boolean> {
      return (await redis.hsetnx(planKey(id), 'finished', '1')) === 1
    },
    async failedNames(id: string): Promise<string[]> {
      return Object.values(await redis.hgetall(failedKey(id)))
    },
  }
}

export type SilentPlans = ReturnType<typeof createSilentPlans>
