import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from '../store/keys'
import type { ScheduleRecord, ScheduleSource } from './schedule-record'

/** A tick's claim outlives any duplicate BullMQ could make of it. */
const TICK_TTL_S = ttlMsOf('schedTick') / 1000

/**
 * Schedules in our own keys (BullMQ's schedulers are the timer, not the record): one hash
 * of records, the `S<n>` sequence, and one claim per tick.
 */
export function createScheduleStore(redis: Redis, keys: Keys) {
  const records = keys.schedules()
  const field = (source: ScheduleSource, id: string) => `${source}:${id}`
  const tick = (r: Pick<ScheduleRecord, 'source' | 'id'>, at: number) => keys.schedTick(`${r.source}-${r.id}`, at)

  return {
    async all(): Promise<ScheduleRecord[]> {
      return Object.values(await redis.hgetall(records)).map((v) => JSON.parse(v) as ScheduleRecord)
    },
    async get(source: ScheduleSource, id: string): Promise<ScheduleRecord | undefined> {
      const raw = await redis.hget(records, field(source, id))
      return raw ? (JSON.parse(raw) as ScheduleRecord) : undefined
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
      let cursor = '0'
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
        cursor = next
        found.push(...batch)
      } while (cursor !== '0')
      const ids = found.length ? await redis.mget(...found) : []
      return found
        .map((k, i) => ({ at: Number(k.slice(k.lastIndexOf(':') + 1)), broadcastId: ids[i] ?? '' }))
        .sort((a, b) => a.at - b.at)
    },
  }
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>
