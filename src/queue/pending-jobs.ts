import type { Queue } from 'bullmq'

/** Jobs waiting, running, or delayed until within `horizonMs` of `now`: what "settle" waits for. */
export async function pendingJobs(queue: Queue, horizonMs: number, now: number): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')
  const delayed = await queue.getDelayed()
  const due = delayed.filter((j) => j.timestamp + (j.delay ?? 0) <= now + horizonMs).length
  return Object.values(counts).reduce((a, b) => a + b, 0) + due
}
