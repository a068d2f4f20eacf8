import type { Queue } from 'bullmq'

/**
 * Jobs waiting, running, or delayed until within `horizonMs` from now: what "settle" waits
 * for. BullMQ keeps delayed jobs on the real clock, so the horizon is measured on it too
 * (never on a bot clock a test or simulator has moved).
 */
export async function pendingJobs(queue: Queue, horizonMs: number): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')
  // counts the delayed jobs due strictly before the cutoff, read from the delayed set's scores
  const due = await queue.getDelayedCount(Date.now() + Math.max(0, Math.floor(horizonMs)) + 1)
  return Object.values(counts).reduce((a, b) => a + b, 0) + due
}
