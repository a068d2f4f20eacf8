import type { Redis } from 'ioredis'
import { z } from 'zod'
import { fnv1a } from '../core/fnv1a'
import { runScript } from './activity-scripts'
import { SEAT_SCRIPT } from './entry-seat-script'
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
const DAY = 86_400_000

/** A candidate room as the caller read it: its member count and its members' ids. */
export interface SeatRoom {
  roomId: string
  members: number
  memberIds: ReadonlySet<string>
}

export type SeatChoice = { kind: 'room'; index: number; /** seats left in all the rooms after this one; -1 when it was held already */ freeAfter: number } | { kind: 'full' }

/** A seat whose holder joined counts this long more, so a reading taken before the join counts them once (entry-seat-script.ts). */
export const JOINED_SEAT_GRACE_MS = 10 * 60_000

/**
 * Seats and groups of the entry gate: invitations not yet accepted (they hold a seat until
 * they lapse), the pick of a room and the hold of its seat in one step (SEAT_SCRIPT), the
 * applicants waiting for a seat, the groups being created and who waits for them, the
 * once-a-day warnings.
 */
export function createEntrySeats(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const lineKey = keys.entryLine()
  return {
    /**
     * The first of `rooms` (in order) with a free seat, its seat held for `contactId` until
     * `until` (bot clock) — atomically, across processes and accounts.
     */
    async take(contactId: string, rooms: readonly SeatRoom[], capacity: number, now: number, until: number): Promise<SeatChoice> {
      if (!rooms.length) return { kind: 'full' }
      // the seat holders already among the members: counted in the member count
      const tx = redis.multi()
      for (const r of rooms) tx.zrange(keys.entrySeats(r.roomId), '0', '-1').smembers(keys.entryInvited(r.roomId))
      const replies = (await tx.exec()) ?? []
      const keyList: string[] = []
      const args: Array<string | number> = []
      for (const [i, r] of rooms.entries()) {
        const holders = [...((replies[2 * i]?.[1] as string[] | undefined) ?? []), ...((replies[2 * i + 1]?.[1] as string[] | undefined) ?? [])]
        const seen = [...new Set(holders.filter((id) => r.memberIds.has(id)))]
        keyList.push(keys.entrySeats(r.roomId), keys.entryInvited(r.roomId))
        args.push(r.members, seen.length, ...seen)
      }
      const keyTtl = Math.max(ttlMsOf('entrySeats'), until - now + DAY)
      const [index, free] = (await runScript(redis, SEAT_SCRIPT, keyList, [contactId, capacity, now, until, keyTtl, rooms.length, ...args])) as [number, number]
      return index > 0 ? { kind: 'room', index: index - 1, freeAfter: free } : { kind: 'full' }
    },
    /** the holder joined: the seat counts a little longer (JOINED_SEAT_GRACE_MS), then frees itself */
    async joined(roomId: string, contactId: string, now: number): Promise<void> {
      await redis.zadd(keys.entrySeats(roomId), 'XX', now + JOINED_SEAT_GRACE_MS, contactId)
      await redis.srem(keys.entryInvited(roomId), contactId)
    },
    /** the invitation was sent late (a paced queue): its seat is held until `until`, never shortened */
    async extend(roomId: string, contactId: string, until: number): Promise<void> {
      await redis.zadd(keys.entrySeats(roomId), 'XX', 'GT', until, contactId)
    },
    /** the invitation lapsed or failed: the seat is free at once */
    async releaseSeat(roomId: string, contactId: string): Promise<void> {
      await redis.multi().zrem(keys.entrySeats(roomId), contactId).srem(keys.entryInvited(roomId), contactId).exec()
    },

    /** waits for a seat (the groups were full): true when they were not waiting yet */
    async enterLine(contactId: string, at: number): Promise<boolean> {
      const res = await redis.multi().zadd(lineKey, 'NX', at, contactId).pexpire(lineKey, ttlMsOf('entryLine')).exec()
      return Number(res?.[0]?.[1]) === 1
    },
    /** those waiting, longest first */
    async line(): Promise<Array<{ contactId: string; at: number }>> {
      const flat = await redis.zrange(lineKey, '0', '-1', 'WITHSCORES')
      const out: Array<{ contactId: string; at: number }> = []
      for (let i = 0; i + 1 < flat.length; i += 2) out.push({ contactId: flat[i]!, at: Number(flat[i + 1]) })
      return out
    },
    /** how many wait */
    waiting: () => redis.zcard(lineKey),
    /** takes a contact out of the line: true for the one caller that did (a pass of another process skips them) */
    async leaveLine(contactId: string): Promise<boolean> {
      return (await redis.zrem(lineKey, contactId)) === 1
    },
    /** HQ hears once that a target's groups are full (until the line of that target is empty, or a day) */
    async fullOnce(label: string): Promise<boolean> {
      return (await redis.set(keys.entryFull(hash(label)), '1', 'PX', ttlMsOf('entryFull'), 'NX')) === 'OK'
    },
    async fullOver(label: string): Promise<void> {
      await redis.del(keys.entryFull(hash(label)))
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
