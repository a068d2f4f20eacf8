import type { Worker } from 'bullmq'

/**
 * `worker.close()` waits for the job in hand with no limit (notes/bullmq.md), and it can
 * wait forever: after a Redis Cluster failover the worker's blocking connection (BullMQ's
 * duplicate of ours) was seen with its node pool empty, status `close`, its BZPOPMIN in the
 * offline queue; closing it waits for an `end` event an empty pool never emits. And a
 * "force" cannot help: BullMQ's `close(true)` after `close()` returns that same pending
 * promise. So wait up to `graceMs`, then stop waiting and say so: the caller closes the
 * Redis connections next, and a job still in hand is settled by the ledger and the
 * stalled check, as after a crash. The timer is cleared so nothing keeps the process alive.
 */
export async function closeWorker(worker: Worker, graceMs: number): Promise<'closed' | 'gave up'> {
  let timer: NodeJS.Timeout | undefined
  const closing = worker.close().then(
    () => 'closed' as const,
    () => 'closed' as const,
  )
  const late = new Promise<'gave up'>((done) => {
    timer = setTimeout(() => done('gave up'), graceMs)
  })
  try {
    return await Promise.race([closing, late])
  } finally {
    clearTimeout(timer)
  }
}
