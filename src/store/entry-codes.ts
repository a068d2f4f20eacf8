import type { Redis } from 'ioredis'
import { createHash } from 'node:crypto'
import { runScript, type Script } from './activity-scripts'
import type { Keys } from './keys'

export type SpendResult = { ok: true; target: string } | { ok: false; why: 'unknown' | 'spent' }

/** A code try: `try` it; `refuse` (the first try past the limit: told once); `silent` (nothing more until the window ends). */
export type TryResult = 'try' | 'refuse' | 'silent'

/**
 * KEYS: the contact's tries. ARGV: the most tries in a window, the window (ms). A try past
 * the limit is refused once, and the window starts again from that refusal.
 */
const tryLua = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local max = tonumber(ARGV[1])
if n <= max then return 'try' end
if n == max + 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 'refuse'
end
return 'silent'
`
const TRY: Script = { lua: tryLua, sha: createHash('sha1').update(tryLua).digest('hex') }

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
    /** counts one try of a code by `contactId` (issue 17: 500 guessed codes); decide before spending */
    async attempt(contactId: string, maxTries: number, windowMs: number): Promise<TryResult> {
      return (await runScript(redis, TRY, [keys.entryCodeTries(contactId)], [maxTries, windowMs])) as TryResult
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
