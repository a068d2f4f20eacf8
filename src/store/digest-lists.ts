import type { Redis } from 'ioredis'
import type { Keys } from './keys'

/** Lifetimes as KEY_LIFETIMES says (digestItems, digestOpen): they follow the digest's window. */
const listTtlMs = (windowMs: number) => windowMs * 2 + 3_600_000
const openTtlMs = (windowMs: number) => windowMs * 2 + 60_000
/** the most items one digest holds; past it the oldest wait for nothing (the digest says how many were left out) */
export const DIGEST_MAX_ITEMS = 200

/**
 * The items waiting for one HQ digest, per digest name: a list, and a key that says a
 * window is open (copied from welcome-batches.ts). The job that closes the window takes
 * the list in the same transaction, so an item racing it either makes this digest or
 * opens the next window: none is sent twice or lost.
 */
export function createDigestLists(redis: Redis, keys: Keys) {
  return {
    /** adds an item (JSON); true when this call opened the window (the caller schedules its end) */
    async add(name: string, item: string, windowMs: number, now: number): Promise<boolean> {
      const list = keys.digestItems(name)
      await redis.multi().rpush(list, item).ltrim(list, -DIGEST_MAX_ITEMS, -1).pexpire(list, listTtlMs(windowMs)).exec()
      return (await redis.set(keys.digestOpen(name), String(now), 'PX', openTtlMs(windowMs), 'NX')) === 'OK'
    },
    /** closes the window and takes its items, in arrival order */
    async take(name: string): Promise<string[]> {
      const list = keys.digestItems(name)
      const res = await redis.multi().del(keys.digestOpen(name)).lrange(list, 0, -1).del(list).exec()
      return (res?.[1]?.[1] as string[] | undefined) ?? []
    },
  }
}

export type DigestLists = ReturnType<typeof createDigestLists>
