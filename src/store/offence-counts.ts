import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'

const DAY = 86_400_000
const TTL_MS = ttlMsOf('offenceCounts')

/** Offences in one group over some days, per rule: acted on, and found on exempt members (only counted). */
export interface OffenceCounts {
  acted: Record<string, number>
  exempt: Record<string, number>
}

const utcDay = (at: number) => new Date(Math.floor(at / DAY) * DAY).toISOString().slice(0, 10)

/**
 * Offences per group × rule × UTC day (issue 20 items 6 and 9): what the console's groups
 * table and `#报告` read. The rules plugin counts the offences of exempt members here (owner,
 * admins, leaders, HQ roles, `rules.exempt`: found, never acted on) as `exempt`; `acted` is
 * for the offences acted on, for whoever counts those. One hash per room and day, 35 days.
 */
export function createOffenceCounts(redis: Redis, keys: Keys) {
  return {
    async add(roomId: string, rule: string, opts: { exempt: boolean; at: number }): Promise<void> {
      const key = keys.offenceCounts(roomId, utcDay(opts.at))
      await redis.multi().hincrby(key, opts.exempt ? `exempt:${rule}` : rule, 1).pexpire(key, TTL_MS).exec()
    },
    /** the counts of the last `days` UTC days up to `now` (today included) */
    async read(roomId: string, now: number, days = 30): Promise<OffenceCounts> {
      const pipe = redis.pipeline()
      for (let i = 0; i < days; i++) pipe.hgetall(keys.offenceCounts(roomId, utcDay(now - i * DAY)))
      const out: OffenceCounts = { acted: {}, exempt: {} }
      for (const [err, value] of (await pipe.exec()) ?? []) {
        if (err || !value) continue
        for (const [field, raw] of Object.entries(value as Record<string, string>)) {
          const n = Number(raw)
          if (!Number.isFinite(n)) continue
          const exempt = field.startsWith('exempt:')
          const bucket = exempt ? out.exempt : out.acted
          const rule = exempt ? field.slice('exempt:'.length) : field
          bucket[rule] = (bucket[rule] ?? 0) + n
        }
      }
      return out
    },
  }
}

export type OffenceCountsStore = ReturnType<typeof createOffenceCounts>
