import type { Queue } from 'bullmq'

/**
 * A queue's depth for `/metrics`: jobs waiting (priority jobs sit in `prioritized`; a paused
 * queue keeps its jobs waiting), delayed (quiet hours, daily cap, retries, later schedules)
 * and running. One Redis round trip, at scrape time only: the send path never pays for it.
 */
export async function queueDepth(queue: Pick<Queue, 'getJobCounts'>): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')
  return Object.values(counts).reduce((a, b) => a + b, 0)
}
