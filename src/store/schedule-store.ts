import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { Target } from '../core/commands/arg-types'
import type { When } from '../core/commands/parse-when'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'
import { scanNodes } from './redis'

/** A tick's claim outlives any duplicate BullMQ could make of it. */
const TICK_TTL_S = ttlMsOf('schedTick') / 1000

export type ScheduleSource = 'hq' | 'config'

/** A scheduled broadcast as QunHQ keeps it, from the config (`schedules:`) or from HQ (`#定时`). */
export interface ScheduleRecord {
  /** `S3` from HQ; the config's own id otherwise */
  id: string
  source: ScheduleSource
  when: When
  target: Target
  text: string
  /** the zone the scheduler runs in (the config's `timezone` when it was applied) */
  timeZone: string
  /** who made it (HQ) */
  by?: string
  /** where its reports go (HQ); config schedules report to the first HQ room */
  hqRoom?: string
  createdAt: number
  /** a once-only schedule from the config that has run (kept so the past time is not refused) */
  done?: boolean
}

const whenSchema: z.ZodType<When> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cron'), pattern: z.string(), description: z.string() }),
  z.object({ kind: z.literal('once'), at: z.number(), description: z.string() }),
])

const targetSchema: z.ZodType<Target> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('tags'), tags: z.array(z.string()) }),
  z.object({ kind: z.literal('groups'), names: z.array(z.string()) }),
])

const scheduleRecordSchema: z.ZodType<ScheduleRecord> = z.object({
  id: z.string(),
  source: z.enum(['hq', 'config']),
  when: whenSchema,
  target: targetSchema,
  text: z.string(),
  timeZone: z.string(),
  by: z.string().optional(),
  hqRoom: z.string().optional(),
  createdAt: z.number(),
  done: z.boolean().optional(),
})

/**
 * Schedules in our own keys (BullMQ's schedulers are the timer, not the record): one hash
 * of records, the `S<n>` sequence, and one claim per tick. A record that does not read as
 * one is reported and left out.
 */
export function createScheduleStore(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const records = keys.schedules()
  const field = (source: ScheduleSource, id: string) => `${source}:${id}`
  const tick = (r: Pick<ScheduleRecord, 'source' | 'id'>, at: number) => keys.schedTick(`${r.source}-${r.id}`, at)
  const read = (f: string, raw: string | null) => readStored(scheduleRecordSchema, raw, `${records} ${f}`, onBad)

  return {
    async all(): Promise<ScheduleRecord[]> {
      return Object.entries(await redis.hgetall(records)).flatMap(([f, raw]) => read(f, raw) ?? [])
    },
    async get(source: ScheduleSource, id: string): Promise<ScheduleRecord | undefined> {
      return read(field(source, id), await redis.hget(records, field(source, id)))
    },
    async put(r: ScheduleRecord): Promise<void> {
      await redis.hset(records, field(r.source, r.id), JSON.stringify(r))
    },
    async remove(r: Pick<ScheduleRecord, 'source' | 'id'>): Promise<boolean> {
      return (await redis.hdel(records, field(r.source, r.id))) === 1
    },
    async nextHqId(): Promise<string> {
      return `S${await redis.incr(keys.seq('schedule'))}`
    },
    /**
     * Claims the tick at `at` for `broadcastId`. Returns the broadcast that owns the tick:
     * `broadcastId` when this call claimed it, the earlier one when a duplicate tick (or a
     * retry) got there first.
     */
    async claimTick(r: Pick<ScheduleRecord, 'source' | 'id'>, at: number, broadcastId: string): Promise<string> {
      const key = tick(r, at)
      const claimed = await redis.set(key, broadcastId, 'EX', TICK_TTL_S, 'NX')
      return claimed ? broadcastId : ((await redis.get(key)) ?? broadcastId)
    },
    /** the broadcasts made by ticks of this schedule, by fire time (for tests and audits) */
    async ticks(r: Pick<ScheduleRecord, 'source' | 'id'>): Promise<Array<{ at: number; broadcastId: string }>> {
      const pattern = `${tick(r, 0).slice(0, -1).replace(/[*?[\]\\]/g, '\\$&')}*`
      const found: string[] = []
      // on a Redis Cluster a SCAN sees one node: scan each master
      for (const node of scanNodes(redis)) {
        let cursor = '0'
        do {
          const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
          cursor = next
          found.push(...batch)
        } while (cursor !== '0')
      }
      const ids = found.length ? await redis.mget(...found) : []
      return found
        .map((k, i) => ({ at: Number(k.slice(k.lastIndexOf(':') + 1)), broadcastId: ids[i] ?? '' }))
        .sort((a, b) => a.at - b.at)
    },
  }
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>
