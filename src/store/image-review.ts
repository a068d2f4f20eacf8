import type { Redis } from 'ioredis'
import type { Keys } from './keys'

/** Lifetimes as KEY_LIFETIMES says (imageReview, imageReviewOpen): they follow `images.reviewBatchMs`. */
const countsTtlMs = (batchMs: number) => batchMs * 2 + 3_600_000
const openTtlMs = (batchMs: number) => batchMs * 2 + 60_000

/** images not checked, by group and reason */
export interface UncheckedCount {
  roomId: string
  reason: string
  count: number
}

/**
 * The images that could not be checked for a QR code, counted per group and reason until
 * HQ's one review line for the window: a hash of counts, and a key that says a window is
 * open. The job that closes the window takes the counts in the same transaction, so an image
 * racing it is counted in this line or opens the next window, never lost or counted twice.
 * Shared by every process of the deployment: one line for all of them.
 */
export function createImageReview(redis: Redis, keys: Keys) {
  return {
    /** counts one image; true when this call opened the window (the caller schedules its end) */
    async add(roomId: string, reason: string, batchMs: number, now: number): Promise<boolean> {
      const counts = keys.imageReview()
      await redis.multi().hincrby(counts, `${roomId} ${reason}`, 1).pexpire(counts, countsTtlMs(batchMs)).exec()
      return (await redis.set(keys.imageReviewOpen(), String(now), 'PX', openTtlMs(batchMs), 'NX')) === 'OK'
    },
    /** closes the window and takes its counts */
    async take(): Promise<UncheckedCount[]> {
      const counts = keys.imageReview()
      const res = await redis.multi().del(keys.imageReviewOpen()).hgetall(counts).del(counts).exec()
      const all = (res?.[1]?.[1] as Record<string, string> | undefined) ?? {}
      return Object.entries(all).flatMap(([field, n]) => {
        const at = field.lastIndexOf(' ')
        const count = Number(n)
        return at > 0 && Number.isInteger(count) && count > 0 ? [{ roomId: field.slice(0, at), reason: field.slice(at + 1), count }] : []
      })
    },
  }
}

export type ImageReview = ReturnType<typeof createImageReview>
