import type { Redis } from 'ioredis'
import type { Keys } from './keys'

export type SpendResult = { ok: true; target: string } | { ok: false; why: 'unknown' | 'spent' }

/**
 * One-time redemption codes. Spending is one HSETNX of `spentBy`: of two people sending the
 * same code at once, exactly one gets in. A spent code stays (until its TTL) so the second
 * person is told it was used, not that it never existed.
 */
export function createEntryCodes(redis: Redis, keys: Keys) {
  return {
    async add(codes: readonly string[], target: string, by: string, at: number, ttlMs: number): Promise<void> {
      const tx = redis.multi()
      for (const code of codes) tx.hset(keys.entryCode(code), { target, by, at: String(at) }).pexpire(keys.entryCode(code), ttlMs)
      await tx.exec()
    },
    async spend(code: string, contactId: string, at: number): Promise<SpendResult> {
      const key = keys.entryCode(code)
      const target = await redis.hget(key, 'target')
      if (target === null) return { ok: false, why: 'unknown' }
      // HSETNX on the existing hash: only the first spender sets it
      const first = await redis.hsetnx(key, 'spentBy', contactId)
      if (first !== 1) return { ok: false, why: 'spent' }
      await redis.hset(key, 'spentAt', String(at))
      return { ok: true, target }
    },
  }
}

export type EntryCodes = ReturnType<typeof createEntryCodes>
