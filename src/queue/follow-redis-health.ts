import type { Worker } from 'bullmq'
import type { Logger } from 'pino'
import { redisErrorSummary } from '../store/redis-errors'
import type { RedisHealth } from '../store/redis-health'

/**
 * A BullMQ worker whose fetch script fails (Redis full, read-only, loading) emits the error
 * and fetches again at once, in a tight loop. So a worker stops fetching (locally, without
 * a Redis write) while Redis fails and resumes when it recovers; the health's probe does
 * the exponential back-off. Returns the unsubscribe.
 */
export function followRedisHealth(worker: Worker, health: RedisHealth | undefined): () => void {
  if (!health) return () => undefined
  if (health.state === 'failing') void worker.pause(true)
  return health.onChange((change) => {
    // resuming a closed worker would start it again
    if (worker.closing) return
    if (change.state === 'failing') void worker.pause(true)
    else void worker.resume()
  })
}

/**
 * An 'error' listener for queues and workers: outage errors go to the health (one log
 * line per outage), others are logged as one line, never with the script or its arguments.
 */
export function queueErrorListener(health: RedisHealth | undefined, logger: Logger, what: string): (err: Error) => void {
  return (err) => {
    if (health?.report(err, what)) return
    logger.warn({ error: redisErrorSummary(err), name: err.name }, what)
  }
}
