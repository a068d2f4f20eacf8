import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'
import { execPipeline } from './exec-pipeline'

/**
 * Offences per room, local day and rule (issue 20 item 9): one hash per room and day
 * (`offences:<room>:<day>`), kept 8 days, enough for the 7 days `#报告` and the console's
 * groups table sum. A field `<rule>` counts offences acted on (a warning, removal, report or
 * review item; dry-run ones too; not a reminder), `exempt:<rule>` offences of an exempt member,
 * counted and never acted on.
 */
export interface OffenceTally {
  /** rule → offences acted on (or, under dry-run, that would have been) */
  acted: Record<string, number>
  /** rule → offences of exempt members, counted only */
  exempt: Record<string, number>
}

const EXEMPT = 'exempt:'

export function createOffenceCounts(redis: Redis, keys: Keys) {
  const ttl = ttlMsOf('offenceCounts')
  return {
    /** one more offence of `rule` in the room on `day` (`exempt`: an exempt member's, counted only) */
    async count(roomId: string, day: string, rule: string, exempt = false): Promise<void> {
      const key = keys.offenceCounts(roomId, day)
      await execPipeline(redis.multi().hincrby(key, exempt ? `${EXEMPT}${rule}` : rule, 1).pexpire(key, ttl))
    },
    /** the room's offences summed over `days`; a field that is not a count reads as 0 */
    async sum(roomId: string, days: readonly string[]): Promise<OffenceTally> {
      const out: OffenceTally = { acted: {}, exempt: {} }
      if (days.length === 0) return out
      const tx = redis.multi()
      for (const day of days) tx.hgetall(keys.offenceCounts(roomId, day))
      for (const [, fields] of await execPipeline(tx)) {
        for (const [field, raw] of Object.entries((fields ?? {}) as Record<string, string>)) {
          const n = Number(raw)
          if (!Number.isSafeInteger(n) || n <= 0) continue
          const [bucket, rule] = field.startsWith(EXEMPT) ? [out.exempt, field.slice(EXEMPT.length)] : [out.acted, field]
          bucket[rule] = (bucket[rule] ?? 0) + n
        }
      }
      return out
    },
  }
}

export type OffenceCounts = ReturnType<typeof createOffenceCounts>
