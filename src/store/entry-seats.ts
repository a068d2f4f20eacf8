import type { Redis } from 'ioredis'
import { z } from 'zod'
import { fnv1a } from '../core/fnv1a'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** A group the bot is creating for the entry gate: what to do once it exists. */
export interface EntryCreation {
  topic: string
  target: string
  routeKey: string
  tags: string[]
  /** the newcomer the group is made for */
  contactId: string
}

const creationSchema: z.ZodType<EntryCreation> = z.object({
  topic: z.string(),
  target: z.string(),
  routeKey: z.string(),
  tags: z.array(z.string()),
  contactId: z.string(),
})

const hash = (s: string) => fnv1a(s).toString(36)

/**
 * Seats and groups of the entry gate: invitations not yet accepted (they hold a seat), the
 * groups being created and who waits for them, the once-a-day warnings.
 */
export function createEntrySeats(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async invited(roomId: string): Promise<number> {
      return redis.scard(keys.entryInvited(roomId))
    },
    async holdSeat(roomId: string, contactId: string): Promise<void> {
      await redis.multi().sadd(keys.entryInvited(roomId), contactId).pexpire(keys.entryInvited(roomId), ttlMsOf('entryInvited')).exec()
    },
    async releaseSeat(roomId: string, contactId: string): Promise<void> {
      await redis.srem(keys.entryInvited(roomId), contactId)
    },
    /** true once a day per target: the caller tells HQ */
    async warnOnce(target: string): Promise<boolean> {
      return (await redis.set(keys.entryWarned(hash(target)), '1', 'PX', ttlMsOf('entryWarned'), 'NX')) === 'OK'
    },
    /** the topic being created for a route, or undefined after claiming it for `topic` */
    async claimCreation(c: EntryCreation): Promise<string | undefined> {
      const lock = keys.entryCreateLock(hash(c.routeKey))
      const ok = await redis.set(lock, c.topic, 'PX', ttlMsOf('entryCreateLock'), 'NX')
      if (ok !== 'OK') return (await redis.get(lock)) ?? c.topic
      await redis.set(keys.entryCreating(hash(c.topic)), JSON.stringify(c), 'PX', ttlMsOf('entryCreating'))
      return undefined
    },
    async wait(topic: string, contactId: string): Promise<void> {
      const key = keys.entryWaiting(hash(topic))
      await redis.multi().sadd(key, contactId).pexpire(key, ttlMsOf('entryWaiting')).exec()
    },
    /** the creation a new group's topic answers, with those waiting for it; both are cleared */
    async created(topic: string): Promise<{ creation: EntryCreation; waiting: string[] } | undefined> {
      const res = await redis
        .multi()
        .get(keys.entryCreating(hash(topic)))
        .del(keys.entryCreating(hash(topic)))
        .smembers(keys.entryWaiting(hash(topic)))
        .del(keys.entryWaiting(hash(topic)))
        .exec()
      const creation = readStored(creationSchema, res?.[0]?.[1] as string | null | undefined, keys.entryCreating(hash(topic)), onBad)
      if (!creation) return undefined
      await redis.del(keys.entryCreateLock(hash(creation.routeKey)))
      return { creation, waiting: (res?.[2]?.[1] as string[] | undefined) ?? [] }
    },
  }
}

export type EntrySeats = ReturnType<typeof createEntrySeats>
