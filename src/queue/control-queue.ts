import { Queue, Worker, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Keys } from '../store/keys'
import type { RedisFactory } from '../store/redis'
import type { RedisHealth } from '../store/redis-health'
import { closeWorker } from './close-worker'
import { followRedisHealth, queueErrorListener } from './follow-redis-health'
import { pendingJobs } from './pending-jobs'

/**
 * Internal timed work that must survive restarts (a batched welcome, an intro deadline,
 * a relay flush): BullMQ delayed jobs, never `setTimeout`. A control job only decides;
 * anything it does in WeChat goes through the outbound queue.
 */
export type ControlHandler = (data: Record<string, unknown>, job: Job) => Promise<void>

export function createControlQueue(deps: { redis: RedisFactory; keys: Keys; name: string; logger: Logger; health?: RedisHealth }) {
  const handlers = new Map<string, ControlHandler>()
  const queue = new Queue(deps.name, { connection: deps.redis.client(), prefix: deps.keys.prefix })
  queue.on('error', queueErrorListener(deps.health, deps.logger, 'control queue error'))
  let worker: Worker | undefined
  let unfollowHealth = () => {}

  return {
    queue,
    name: deps.name,
    /** returns the disposer: a job of that name then fails as unhandled (and is retried), until a handler is back */
    on(jobName: string, handler: ControlHandler): () => void {
      handlers.set(jobName, handler)
      return () => {
        if (handlers.get(jobName) === handler) handlers.delete(jobName)
      }
    },
    /** a deterministic `jobId` makes a second add (a duplicate tick, a re-run) a no-op */
    async add(jobName: string, data: Record<string, unknown>, opts: { jobId?: string; delayMs?: number } = {}): Promise<void> {
      await queue.add(jobName, data, {
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.delayMs ? { delay: opts.delayMs } : {}),
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 86400 },
        removeOnFail: { age: 7 * 86400 },
      })
    },
    async remove(jobId: string): Promise<void> {
      await queue.remove(jobId).catch(() => undefined)
    },
    start(): void {
      if (worker) return
      worker = new Worker(
        deps.name,
        async (job) => {
          const handler = handlers.get(job.name)
          if (!handler) throw new Error(`no handler for control job ${job.name}`)
          await handler(job.data as Record<string, unknown>, job)
        },
        { connection: deps.redis.worker(), prefix: deps.keys.prefix, concurrency: 1 },
      )
      worker.on('failed', (job, err) => {
        if (!deps.health?.report(err, 'control job')) deps.logger.error({ err, job: job?.id, name: job?.name }, 'control job failed')
      })
      worker.on('error', queueErrorListener(deps.health, deps.logger, 'control worker error'))
      unfollowHealth = followRedisHealth(worker, deps.health)
    },
    async close(): Promise<void> {
      const w = worker
      worker = undefined
      unfollowHealth()
      if (w && (await closeWorker(w, 10000)) === 'gave up') deps.logger.warn('control worker did not close in time: stopping without it')
      await queue.close()
    },
    async abandon(): Promise<void> {
      const w = worker
      worker = undefined
      unfollowHealth()
      await w?.close(true).catch(() => undefined)
    },
    /** jobs waiting, running, or delayed until within `horizonMs` */
    count: (horizonMs: number) => pendingJobs(queue, horizonMs),
  }
}

export type ControlQueue = ReturnType<typeof createControlQueue>
