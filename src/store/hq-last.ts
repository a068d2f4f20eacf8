import type { Redis } from 'ioredis'
import { z } from 'zod'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** The latest message an HQ operator sent that was not a command: what `#转发` forwards. */
export interface HqLast {
  messageId: string
  description: string
}

const hqLastSchema: z.ZodType<HqLast> = z.object({ messageId: z.string(), description: z.string() })
const HQ_LAST_TTL_S = ttlMsOf('hqLast') / 1000

export function createHqLast(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async remember(contactId: string, last: HqLast): Promise<void> {
      await redis.set(keys.hqLast(contactId), JSON.stringify(last), 'EX', HQ_LAST_TTL_S)
    },
    async get(contactId: string): Promise<HqLast | undefined> {
      const key = keys.hqLast(contactId)
      return readStored(hqLastSchema, await redis.get(key), key, onBad)
    },
  }
}

export type HqLastStore = ReturnType<typeof createHqLast>
