import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { Keys } from '../store/keys'
import { readStored, type OnBadValue } from '../store/stored-json'

const pairsSchema = z.array(z.tuple([z.string(), z.string()]))

/**
 * The groups failed over away from an account, each with the account that took it
 * (a field of `acct:info:<account>`), so `#账号 回切` can bring exactly those back.
 */
export function movedAway(redis: Redis, keys: Keys, account: string, onBad: OnBadValue) {
  const read = async (): Promise<[string, string][]> => {
    const raw = await redis.hget(keys.accountInfo(account), 'movedAway')
    return readStored(pairsSchema, raw, `${keys.accountInfo(account)} movedAway`, onBad) ?? []
  }
  return {
    read,
    async add(pairs: [string, string][]): Promise<void> {
      if (!pairs.length) return
      const all = new Map(await read())
      for (const [room, to] of pairs) all.set(room, to)
      await redis.hset(keys.accountInfo(account), 'movedAway', JSON.stringify([...all]))
    },
    async clear(): Promise<void> {
      await redis.hdel(keys.accountInfo(account), 'movedAway')
    },
  }
}

export type MovedAway = ReturnType<typeof movedAway>
