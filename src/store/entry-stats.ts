import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'

/** What the entry gate counts per local day, for `#报告` and the notice of a request left for a human. */
export type GateStat = 'unmatched' | 'started' | 'joined' | 'timedOut'
export type GateCounts = Record<GateStat, number>

const STATS: readonly GateStat[] = ['unmatched', 'started', 'joined', 'timedOut']

/**
 * One hash per day (`entry-stats:<day>`), kept 8 days: enough for the 7 days a report sums,
 * whatever the hour it runs.
 */
export function createEntryStats(redis: Redis, keys: Keys) {
  return {
    /** one more of `stat` on `day`: the day's count */
    async count(day: string, stat: GateStat): Promise<number> {
      const key = keys.entryStats(day)
      const res = await redis.multi().hincrby(key, stat, 1).pexpire(key, ttlMsOf('entryStats')).exec()
      const [err, value] = res?.[0] ?? [null, 0]
      if (err) throw err
      return Number(value)
    },
    /** the counts summed over `days`; a field that is not a count reads as 0 */
    async sum(days: readonly string[]): Promise<GateCounts> {
      const out: GateCounts = { unmatched: 0, started: 0, joined: 0, timedOut: 0 }
      if (!days.length) return out
      const tx = redis.multi()
      for (const day of days) tx.hmget(keys.entryStats(day), ...STATS)
      for (const [err, values] of (await tx.exec()) ?? []) {
        if (err) throw err
        for (const [i, v] of ((values as Array<string | null>) ?? []).entries()) {
          const n = Number(v ?? 0)
          const stat = STATS[i]
          if (stat && Number.isSafeInteger(n) && n > 0) out[stat] += n
        }
      }
      return out
    },
  }
}

export type EntryStats = ReturnType<typeof createEntryStats>
