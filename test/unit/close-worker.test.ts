import type { Worker } from 'bullmq'
import { closeWorker } from '../../src/queue/close-worker'

/**
 * After a Redis Cluster failover BullMQ's `worker.close()` was seen never to settle, and
 * `close(true)` after it returns that same promise: the stop must not wait forever.
 */
const workerClosing = (closing: Promise<void>) => {
  const calls: unknown[] = []
  const worker = { close: (force?: boolean) => (calls.push(force), closing) } as unknown as Worker
  return { worker, calls }
}

describe('closeWorker', () => {
  it('gives up after the grace when the close never settles, without a second close', async () => {
    const { worker, calls } = workerClosing(new Promise<void>(() => undefined))
    await expect(closeWorker(worker, 20)).resolves.toBe('gave up')
    expect(calls).toEqual([undefined])
  })

  it('reports a close that settles in time, even a failed one', async () => {
    await expect(closeWorker(workerClosing(Promise.resolve()).worker, 60_000)).resolves.toBe('closed')
    await expect(closeWorker(workerClosing(Promise.reject(new Error('Connection is closed.'))).worker, 60_000)).resolves.toBe('closed')
  })
})
