import type { Worker } from 'bullmq'

/**
 * `worker.close()` waits for the job in hand with no limit (notes/bullmq.md): wait up to
 * `graceMs`, then force. The timer is cleared so nothing keeps the process alive.
 */
export async function closeWorker(worker: Worker, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const forced = new Promise<void>((done) => {
    timer = setTimeout(() => void worker.close(true).then(done, done), graceMs)
  })
  try {
    await Promise.race([worker.close(), forced])
  } finally {
    clearTimeout(timer)
  }
}
