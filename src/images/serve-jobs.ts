import { parentPort } from 'node:worker_threads'
import type { FromWorker, ToWorker } from './worker-pool'

/**
 * The worker side of `createWorkerPool`: answers each job with `handle`'s value, or its
 * error's message. Call it once, from a worker entry file, after the heavy imports, so
 * "ready" means the code is loaded and a job's time limit measures only the job.
 */
export function serveJobs<In, Out>(handle: (input: In) => Out): void {
  const port = parentPort
  if (!port) throw new Error('serveJobs runs inside a worker thread')
  port.on('message', ({ id, input }: ToWorker<In>) => {
    let reply: FromWorker<Out>
    try {
      reply = { id, value: handle(input) }
    } catch (err) {
      reply = { id, error: (err as Error).message }
    }
    port.postMessage(reply)
  })
  port.postMessage({ ready: true } satisfies FromWorker<Out>)
}
