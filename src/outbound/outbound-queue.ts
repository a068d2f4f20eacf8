import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Redis } from 'ioredis'
import type { OutboundConfig } from '../config/schema'
import { dayKey, nextDayStart, quietUntil } from '../core/time-window'
import { capText } from '../messages/text-limits'
import { truncatedMarker } from '../messages/limits'
import type { Keys } from '../store/keys'
import type { RedisFactory } from '../store/redis'
import type { RedisHealth } from '../store/redis-health'
import { closeWorker } from '../queue/close-worker'
import { followRedisHealth, queueErrorListener } from '../queue/follow-redis-health'
import { actionTarget, PermanentActionError, PRIORITY, type OutboundAction, type PriorityClass } from './actions'

/**
 * One paced queue per bot account. Every action the bot takes in WeChat is a job here;
 * the worker is the only caller of `perform`. Pacing, quiet hours, the daily cap, the
 * send ledger (exactly once) and the breaker all live in the processor, against Redis,
 * so they hold across restarts and processes.
 */

export interface OutboundJobData {
  action: OutboundAction
  priority: PriorityClass
  /** broadcast deliveries carry their broadcast id */
  broadcastId?: string
  /** held by quiet hours (broadcasts and scheduled sends); moderation never is */
  quiet?: boolean
}

export type Outcome =
  | { status: 'sent' }
  | { status: 'failed'; error: string }
  /** the send may or may not have left: never re-sent on its own */
  | { status: 'uncertain' }
  /** vetoed before sending (a cancelled broadcast) or already sent by an earlier run */
  | { status: 'skipped'; why: string }

export interface OutboundHooks {
  /** once per job, when its outcome is final */
  onOutcome?(jobId: string, data: OutboundJobData, outcome: Outcome): Promise<void>
  /** asked before sending; false skips the job (cancelled broadcast) */
  shouldSend?(data: OutboundJobData): Promise<boolean>
  /** the breaker opened after `failures` consecutive failures; sends pause for `pauseMs` */
  onBreakerOpen?(failures: number, pauseMs: number, lastError: string): Promise<void>
}

export interface OutboundDeps {
  redis: RedisFactory
  keys: Keys
  account: string
  outbound: () => OutboundConfig
  timezone: () => string
  now: () => number
  rng: () => number
  logger: Logger
  perform: (action: OutboundAction) => Promise<void>
  hooks: OutboundHooks
  /** BullMQ lock / stalled-check timings; small in crash tests */
  lockMs?: number
  stalledCheckMs?: number
  /** takes Redis outage errors; the worker pauses while Redis fails */
  health?: RedisHealth
}

export interface EnqueueOptions {
  /** deterministic id: a second add with the same id is ignored while the job is kept */
  jobId?: string
  delayMs?: number
}

const LEDGER_TTL_MS = 30 * 86400000
const KEEP_COMPLETED_S = 7 * 86400
const KEEP_FAILED_S = 30 * 86400

/**
 * The last resort: no text longer than `outbound.maxTextLength` reaches WeChat. The layers
 * before (pages for HQ, refusals at command and config time, welcome batches) keep this
 * from ever cutting; when it does, the cut is visible and logged, to be fixed upstream.
 */
function withinLimit(action: OutboundAction, max: number, log: Logger): OutboundAction {
  if ((action.type !== 'say' && action.type !== 'announce') || action.text.length <= max) return action
  log.warn({ length: action.text.length, max }, 'text longer than outbound.maxTextLength: cut at the outbound edge')
  return { ...action, text: capText(action.text, max, truncatedMarker) }
}

export function outboundQueueName(account: string): string {
  return `out-${account}`
}

export function createOutbound(deps: OutboundDeps) {
  const { keys, account, logger } = deps
  const redis: Redis = deps.redis.client()
  const name = outboundQueueName(account)
  const queue = new Queue<OutboundJobData>(name, { connection: deps.redis.client(), prefix: keys.prefix })
  queue.on('error', queueErrorListener(deps.health, logger, 'outbound queue error'))
  let worker: Worker<OutboundJobData> | undefined
  let unfollowHealth = () => {}

  const jobOptions = (data: OutboundJobData, opts: EnqueueOptions) => {
    const cfg = deps.outbound()
    return {
      priority: PRIORITY[data.priority],
      attempts: cfg.maxAttempts,
      backoff: { type: 'exponential' as const, delay: cfg.backoffMs },
      removeOnComplete: { age: KEEP_COMPLETED_S },
      removeOnFail: { age: KEEP_FAILED_S },
      ...(opts.jobId ? { jobId: opts.jobId } : {}),
      ...(opts.delayMs ? { delay: opts.delayMs } : {}),
    }
  }

  async function enqueue(data: OutboundJobData, opts: EnqueueOptions = {}): Promise<string> {
    const job = await queue.add(data.action.type, data, jobOptions(data, opts))
    return job.id ?? ''
  }

  async function enqueueBulk(items: { data: OutboundJobData; opts?: EnqueueOptions }[]): Promise<void> {
    const chunk = 500
    for (let i = 0; i < items.length; i += chunk) {
      await queue.addBulk(
        items.slice(i, i + chunk).map(({ data, opts }) => ({ name: data.action.type, data, opts: jobOptions(data, opts ?? {}) })),
      )
    }
  }

  async function outcome(job: Job<OutboundJobData>, result: Outcome): Promise<Outcome> {
    await deps.hooks.onOutcome?.(job.id ?? '', job.data, result)
    return result
  }

  /**
   * The next send may start `minIntervalMs + jitter` after this one *ended*: WeChat saw
   * this send somewhere before it returned, so counting from the end guarantees the gap
   * WeChat sees. The cost is the call's own duration added to each gap.
   */
  async function paceAfterSend(): Promise<void> {
    const cfg = deps.outbound()
    const gap = cfg.minIntervalMs + Math.floor(deps.rng() * (cfg.jitterMs + 1))
    await redis.set(keys.pacingNextAt(account), String(deps.now() + gap))
  }

  /**
   * BullMQ schedules a delayed job by the real clock (`Date.now()` inside `moveToDelayed`),
   * while holds are computed on the bot's clock, which a test or a simulator may set apart.
   * Hand BullMQ the hold's *length* on the real clock: a bot clock behind the real one would
   * otherwise put the end in the past and loop the job; one ahead would hold it too long.
   */
  function realClockAt(botUntil: number, botNow: number): number {
    return Date.now() + Math.max(0, botUntil - botNow)
  }

  /** The processor: a plain function of the job (the Worker is a thin shell). */
  async function process(job: Job<OutboundJobData>, token: string | undefined): Promise<Outcome> {
    const data = job.data
    const cfg = deps.outbound()
    const tz = deps.timezone()
    const log = logger.child({ job: job.id, action: data.action.type, target: actionTarget(data.action) })

    if (deps.hooks.shouldSend && !(await deps.hooks.shouldSend(data))) {
      return outcome(job, { status: 'skipped', why: 'cancelled' })
    }
    const now = deps.now()
    if (data.quiet) {
      const until = quietUntil(now, cfg.quietHours, tz)
      if (until !== undefined) {
        log.info({ until: new Date(until).toISOString() }, 'quiet hours: held')
        await job.moveToDelayed(realClockAt(until, now), token)
        throw new DelayedError()
      }
    }
    const capped = data.priority === 'member' || data.priority === 'broadcast'
    if (capped) {
      const count = Number(await redis.get(keys.dailyCount(account, dayKey(now, tz)))) || 0
      if (count >= cfg.dailyCap) {
        log.warn({ count }, 'daily cap reached: held until tomorrow')
        await job.moveToDelayed(realClockAt(nextDayStart(now, tz), now), token)
        throw new DelayedError()
      }
    }
    const nextAt = Number(await redis.get(keys.pacingNextAt(account))) || 0
    if (now < nextAt) {
      await queue.rateLimit(nextAt - now)
      throw Worker.RateLimitError()
    }

    // the send ledger: claim before the WeChat call; a claim found later means "maybe sent"
    const ledgerKey = keys.ledger(job.id ?? '')
    const claimed = await redis.set(ledgerKey, 'sending', 'PX', LEDGER_TTL_MS, 'NX')
    if (!claimed) {
      const state = await redis.get(ledgerKey)
      if (state === 'sent') return outcome(job, { status: 'skipped', why: 'already sent' })
      log.warn('found an unfinished claim: delivery uncertain, not re-sent')
      return outcome(job, { status: 'uncertain' })
    }
    try {
      await deps.perform(withinLimit(data.action, cfg.maxTextLength, log))
    } catch (err) {
      const message = (err as Error).message
      // the call failed, so nothing left: release the claim so a retry may send
      await redis.del(ledgerKey)
      await paceAfterSend()
      const failures = await redis.incr(keys.failures(account))
      if (failures >= cfg.breaker.failures) {
        await redis.set(keys.failures(account), '0')
        log.error({ failures }, 'breaker open: pausing sends for %d ms', cfg.breaker.pauseMs)
        if (cfg.breaker.pauseMs > 0) await queue.rateLimit(cfg.breaker.pauseMs)
        await deps.hooks.onBreakerOpen?.(failures, cfg.breaker.pauseMs, message)
      }
      const permanent = err instanceof PermanentActionError || (err as Error).name === 'PermanentActionError'
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
      log.warn({ err: message, attempt: job.attemptsMade + 1, last }, 'send failed')
      if (last) {
        await outcome(job, { status: 'failed', error: message })
        throw new UnrecoverableError(message)
      }
      throw err
    }
    await redis.set(ledgerKey, 'sent', 'PX', LEDGER_TTL_MS)
    await paceAfterSend()
    await redis.set(keys.failures(account), '0')
    if (capped) {
      const dk = keys.dailyCount(account, dayKey(now, tz))
      await redis.multi().incr(dk).pexpire(dk, 2 * 86400000).exec()
    }
    log.debug('sent')
    return outcome(job, { status: 'sent' })
  }

  /** A job that stalled (its process died mid-job) fails instead of re-running; decide here. */
  async function onStalledFailure(job: Job<OutboundJobData>): Promise<void> {
    const state = await redis.get(keys.ledger(job.id ?? ''))
    if (state === 'sending') {
      await outcome(job, { status: 'uncertain' })
    } else if (state === 'sent') {
      await outcome(job, { status: 'sent' })
    } else {
      // it never claimed: nothing left, so it is safe to run again
      logger.info({ job: job.id }, 'stalled before sending: retried')
      await job.retry('failed')
    }
  }

  function start(): void {
    if (worker) return
    const cfg = deps.outbound()
    worker = new Worker<OutboundJobData>(name, (job, token) => process(job, token), {
      connection: deps.redis.worker(),
      prefix: keys.prefix,
      concurrency: 1,
      // Pacing is the `next-at` key checked in the processor (exact, with jitter, across
      // processes). The limiter only has to exist for queue.rateLimit(); a window as long as
      // the interval would count the rate-limited re-fetch and double some gaps.
      limiter: { max: 1, duration: Math.min(10, Math.max(1, cfg.minIntervalMs)) },
      maxStalledCount: 0,
      lockDuration: deps.lockMs ?? 30000,
      stalledInterval: deps.stalledCheckMs ?? 30000,
      autorun: true,
    })
    worker.on('failed', (job, err) => {
      if (job && /stalled/i.test(err.message)) {
        onStalledFailure(job).catch((e: Error) => {
          if (!deps.health?.report(e, 'stalled job handling')) logger.error({ err: e, job: job.id }, 'stalled job handling failed')
        })
      }
    })
    worker.on('error', queueErrorListener(deps.health, logger, 'outbound worker error'))
    unfollowHealth = followRedisHealth(worker, deps.health)
    void queue.setGlobalConcurrency(1).catch(queueErrorListener(deps.health, logger, 'setGlobalConcurrency failed'))
  }

  return {
    queue,
    name,
    enqueue,
    enqueueBulk,
    start,
    /** for tests and the pacing bench: the processor without a worker */
    process,
    async pause() {
      await queue.pause()
    },
    async resume() {
      await queue.resume()
    },
    async isPaused() {
      return queue.isPaused()
    },
    /** waits for the job in hand up to `graceMs`, then forces */
    async close(graceMs = 10000): Promise<void> {
      const w = worker
      worker = undefined
      unfollowHealth()
      if (w) await closeWorker(w, graceMs)
      await queue.close()
    },
    /** abandons the worker as a crash would: no waiting, locks left to expire */
    async abandon(): Promise<void> {
      const w = worker
      worker = undefined
      unfollowHealth()
      await w?.close(true).catch(() => undefined)
    },
  }
}

export type Outbound = ReturnType<typeof createOutbound>
