import type { Redis } from 'ioredis'
import type { Keys } from './keys'

/** Lifetimes as KEY_LIFETIMES says (welcomeList, welcomeOpen): they follow `rules.welcome.batchMs`. */
const listTtlMs = (batchMs: number) => batchMs * 2 + 3_600_000
const openTtlMs = (batchMs: number) => batchMs * 2 + 60_000

/**
 * The newcomers waiting for one shared welcome, per room: a list, and a key that says a
 * window is open. The job that closes the window takes the list in the same transaction,
 * so a join racing it either makes this welcome or opens the next window.
 */
export function createWelcomeBatches(redis: Redis, keys: Keys) {
  return {
    /** adds the members; true when this call opened the room's window (the caller schedules its end) */
    async add(roomId: string, memberIds: string[], batchMs: number, now: number): Promise<boolean> {
      const list = keys.welcomeList(roomId)
      await redis.multi().rpush(list, ...memberIds).pexpire(list, listTtlMs(batchMs)).exec()
      // the batch job deletes the key; the TTL only matters if the job were lost
      return (await redis.set(keys.welcomeOpen(roomId), String(now), 'PX', openTtlMs(batchMs), 'NX')) === 'OK'
    },
    /** closes the window and takes its members (each once, in join order) */
    async take(roomId: string): Promise<string[]> {
      const list = keys.welcomeList(roomId)
      const res = await redis.multi().del(keys.welcomeOpen(roomId)).lrange(list, 0, -1).del(list).exec()
      return [...new Set((res?.[1]?.[1] as string[] | undefined) ?? [])]
    },
  }
}

export type WelcomeBatches = ReturnType<typeof createWelcomeBatches>
