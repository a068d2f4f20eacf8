import { parentPort } from 'node:worker_threads'
import type { FromWorker, ToWorker } from './worker-pool'

/**
 * The worker side of `createWorkerPool`: answers each job with `handle`'s value (or what its
 * promise resolves to), or its error's message. Call it once, from a worker entry file,
 * after the heavy imports, so "ready" means the code is loaded and a job's time limit
 * measures only the job. The pool sends a worker one job at a time.
 */
export function serveJobs<In, Out>(handle: (input: In) => Out | Promise<Out>): void {
  const port = parentPort
  if (!port) throw new Error('serveJobs runs inside a worker thread')
  port.on('message', ({ id, input }: ToWorker<In>) => {
    const answer = (reply: FromWorker<Out>) => port.postMessage(reply)
    try {
      Promise.resolve(handle(input)).then(
        (value) => answer({ id, value }),
        (err: Error) => answer({ id, error: err.message }),
      )
    } catch (err) {
      answer({ id, error: (err as Error).message })
    }
  })
  port.postMessage({ ready: true } satisfies FromWorker<Out>)
}
