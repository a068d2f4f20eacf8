import type { Redis } from 'ioredis'
import { z } from 'zod'
import { pushCapped } from './capped-list'
import type { Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** One text a member wrote in a managed group. */
export interface RecentText {
  roomId: string
  text: string
  at: number
}

const HOUR = 3_600_000
/** the most texts kept per member (KEY_LIFETIMES.recentTexts.maxLength) */
const MAX = 20
/** a text is kept up to this many characters: enough to label it */
const TEXT_MAX = 500

const schema: z.ZodType<RecentText> = z.object({ roomId: z.string(), text: z.string(), at: z.number() })

/**
 * Each member's latest texts in managed groups, for an hour after the latest: when the
 * member is blacklisted, HQ is offered them as one batch to label (their earlier messages
 * are most often the same ad, worded otherwise, that nobody flagged).
 */
export function createRecentTexts(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async record(memberId: string, entry: RecentText): Promise<void> {
      const key = keys.recentTexts(memberId)
      const value = JSON.stringify({ ...entry, text: Array.from(entry.text).slice(0, TEXT_MAX).join('') })
      await pushCapped(redis, key, value, MAX, HOUR)
    },
    /** the member's texts since `since`, oldest first */
    async since(memberId: string, since: number): Promise<RecentText[]> {
      const key = keys.recentTexts(memberId)
      const raw = await redis.lrange(key, 0, -1)
      return raw
        .flatMap((s) => readStored(schema, s, key, onBad) ?? [])
        .filter((e) => e.at >= since)
        .reverse()
    },
  }
}

export type RecentTexts = ReturnType<typeof createRecentTexts>
