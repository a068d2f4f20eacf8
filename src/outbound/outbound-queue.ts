import { Queue, Worker, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Redis } from 'ioredis'
import type { OutboundConfig } from '../config/schema'
import { ttlMsOf, type Keys } from '../store/keys'
import type { RedisFactory } from '../store/redis'
import type { RedisHealth } from '../store/redis-health'
import type { Metrics } from '../metrics/metrics'
import { realNow } from '../core/real-time'
import { closeWorker } from '../queue/close-worker'
import { createWorkerWatchdog } from '../queue/worker-watchdog'
import { followRedisHealth, queueErrorListener } from '../queue/follow-redis-health'
import { actionTarget, PRIORITY, type ActionResult, type OutboundAction } from './actions'
import type { CapHoldSubscriber, OutboundJobData, Outcome, OutcomeSubscriber } from './job'
import { OUTBOUND_STEPS } from './steps'
import { composeSteps, type OutboundStepContext } from './steps/step'

export type { CapHoldSubscriber, OutboundJobData, Outcome, OutcomeSubscriber } from './job'

/**
 * One paced queue per bot account. Every action the bot takes in WeChat is a job here;
 * the worker is the only caller of `perform`. Each job passes the steps in
 * `./steps/index.ts` (cancelled → quiet hours → daily cap → pacing → ledger → perform →
 * breaker), against Redis, so they hold across restarts and processes.
 */

export interface OutboundHooks {
  /** once per job, when its outcome is final: the first subscriber (see `subscribe`) */
  onOutcome?: OutcomeSubscriber
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
  /**
   * A virtual clock (the simulator's `advance`): resolves once `now()` reads `at`; with it,
   * a pacing gap is waited on that clock (see steps/step.ts `waitUntil`), so a jump skips it.
   */
  waitUntil?: (at: number, queueName: string) => Promise<void>
  rng: () => number
  logger: Logger
  /** the WeChat call; what it returns (a created room's id) goes into the `sent` outcome */
  perform: (action: OutboundAction) => Promise<void | ActionResult>
  hooks: OutboundHooks
  /** BullMQ lock / stalled-check timings; small in crash tests */
  lockMs?: number
  stalledCheckMs?: number
  /** how often the worker watchdog looks, and after how long idle with work due it replaces the worker (small in tests) */
  watchdog?: { everyMs: number; stuckAfterMs: number }
  /** takes Redis outage errors; the worker pauses while Redis fails */
  health?: RedisHealth
  /** records the pacing gaps and breaker openings (outcomes are counted by a subscriber) */
  metrics?: Pick<Metrics, 'pacingGap' | 'breakerOpened'>
  /**
   * Several accounts (issue 11): the account whose paced queue takes an action aimed at
   * this target (the room's serving account). Without it every action is this account's.
   */
  route?: (target: string) => Promise<string>
}

export interface EnqueueOptions {
  /** deterministic id: a second add with the same id is ignored while the job is kept */
  jobId?: string
  delayMs?: number
}

const KEEP_COMPLETED_S = 7 * 86400
const KEEP_FAILED_S = 30 * 86400

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
  /** other accounts' queues this process has put jobs on (producers only: their own processes work them) */
  const others = new Map<string, Queue<OutboundJobData>>()
  const queueOf = (target: string): Queue<OutboundJobData> => {
    if (target === account) return queue
    let q = others.get(target)
    if (!q) {
      q = new Queue<OutboundJobData>(outboundQueueName(target), { connection: redis, prefix: keys.prefix })
      q.on('error', queueErrorListener(deps.health, logger, 'outbound queue error'))
      others.set(target, q)
    }
    return q
  }
  const routeOf = async (data: OutboundJobData): Promise<string> => (deps.route ? deps.route(actionTarget(data.action)) : account)

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
    const job = await queueOf(await routeOf(data)).add(data.action.type, data, jobOptions(data, opts))
    return job.id ?? ''
  }

  /** each item to its target's serving account's queue (one account: all to this one) */
  async function enqueueBulk(items: { data: OutboundJobData; opts?: EnqueueOptions }[]): Promise<void> {
    const chunk = 500
    const byAccount = new Map<string, typeof items>()
    for (const item of items) {
      const target = await routeOf(item.data)
      byAccount.set(target, [...(byAccount.get(target) ?? []), item])
    }
    for (const [target, list] of byAccount) {
      for (let i = 0; i < list.length; i += chunk) {
        await queueOf(target).addBulk(
          list.slice(i, i + chunk).map(({ data, opts }) => ({ name: data.action.type, data, opts: jobOptions(data, opts ?? {}) })),
        )
      }
    }
  }

  /**
   * Failover (issue 11): every job waiting in this account's queue whose target another
   * account now serves moves to that account's queue, with its id (the ledger, per job id,
   * keeps it from being sent twice). Returns the moved jobs' targets.
   */
  async function moveQueued(): Promise<{ jobId: string; target: string; to: string }[]> {
    return moveWaiting(account)
  }

  /** the waiting jobs of `owner`'s queue whose target another account serves now go there, with their ids */
  async function moveWaiting(owner: string): Promise<{ jobId: string; target: string; to: string }[]> {
    const moved: { jobId: string; target: string; to: string }[] = []
    const jobs = await queueOf(owner).getJobs(['waiting', 'prioritized', 'delayed'])
    for (const job of jobs) {
      if (!job?.id) continue
      const to = await routeOf(job.data)
      if (to === owner) continue
      await queueOf(to).add(job.name, job.data, jobOptions(job.data, { jobId: job.id }))
      const removed = await job.remove().then(() => true, () => false)
      if (removed) moved.push({ jobId: job.id, target: actionTarget(job.data.action), to })
    }
    return moved
  }

  /**
   * The jobs `owner`'s process had in hand when it died, settled through the ledger: `sent`
   * stays sent, `sending` becomes uncertain (never sent again), never claimed goes back to
   * the queue to run again (the ledger keeps it from being sent twice). `orphaned` says no
   * process of `owner` lives (its account lease is free, or ours now): their BullMQ locks are
   * then the dead process's and are broken at once; otherwise a job under a live lock is
   * left (counted in `locked`) until the lock expires.
   *
   * Each job leaves the active list by BullMQ's own scripts, with the dead worker's lock
   * token: `moveToCompleted` (with the settled outcome, as its processor would have
   * returned it) or `moveToWait` (back to its queue with its priority). Both are atomic
   * compare-and-set on that token, so a job can leave only once. A claim
   * (`acct:adopted:<job>`, SET NX, one minute) keeps two settlers (a survivor adopting the
   * queue, the account's own new process) from publishing it twice; a settler that dies
   * holding it leaves the job active, and the claim expires for the next one.
   */
  async function settleInHand(owner: string, orphaned: boolean): Promise<{ settled: number; requeued: number; locked: number }> {
    const q = queueOf(owner)
    let settled = 0
    let requeued = 0
    let locked = 0
    for (const job of await q.getJobs(['active'])) {
      if (!job?.id) continue
      // BullMQ's lock of a job in hand: the worker's token, refreshed while its process lives
      const lock = await redis.get(`${q.toKey(job.id)}:lock`)
      if (lock !== null && !orphaned) {
        locked++
        continue
      }
      const claim = keys.jobAdopted(job.id)
      if ((await redis.set(claim, account, 'PX', ttlMsOf('jobAdopted'), 'NX')) !== 'OK') continue
      try {
        // settled a moment ago by another process (its list was older than ours)
        if (!(await job.isActive())) continue
        const state = await redis.get(keys.ledger(job.id))
        if (state === null) {
          await withLockOf(lock, (token) => job.moveToWait(token))
          logger.info({ job: job.id, owner }, 'job in hand of a dead process never claimed: queued again')
          requeued++
          continue
        }
        // a send it made is its own account's, whoever reports it
        const result: Outcome = state === 'sent' ? { status: 'sent', ...(owner !== account ? { by: owner } : {}) } : { status: 'uncertain' }
        logger.warn({ job: job.id, owner, ledger: state, outcome: result.status }, 'job in hand of a dead process settled through the ledger')
        await outcome(job, result)
        await withLockOf(lock, (token) => job.moveToCompleted(result, token, false))
        settled++
      } catch (err) {
        await redis.del(claim)
        throw err
      }
    }
    return { settled, requeued, locked }
  }

  /** runs a BullMQ move with the dead worker's lock token; with "0" (no lock check) when that lock has just expired */
  async function withLockOf(lock: string | null, move: (token: string) => Promise<unknown>): Promise<void> {
    if (lock === null) return void (await move('0'))
    try {
      await move(lock)
    } catch (err) {
      if (!/missing lock/i.test((err as Error).message)) throw err
      await move('0')
    }
  }

  /**
   * Failover of an account whose process died (its presence lease expired, issue 11): the
   * job it had in hand is settled (`settleInHand`: at once when no process holds the account
   * any more, else once its BullMQ lock expires, tried again at each beat until then), then
   * its waiting jobs move as `moveQueued` moves them.
   */
  async function adoptQueued(from: string, orphaned: boolean): Promise<{ moved: number; settled: number; locked: number }> {
    if (from === account) return { moved: 0, settled: 0, locked: 0 }
    const inHand = await settleInHand(from, orphaned)
    const moved = (await moveWaiting(from)).length
    return { moved, settled: inHand.settled + inHand.requeued, locked: inHand.locked }
  }

  /**
   * This account's process has just taken the account (issue 17): any job its queue shows in
   * hand belongs to a predecessor that is gone (its worker has not started yet), and is
   * settled at once instead of waiting for BullMQ's lock to expire and its stalled check,
   * which held the paced queue (global concurrency 1) for a minute after a crash.
   */
  async function settleOrphans(): Promise<{ settled: number; requeued: number }> {
    const r = await settleInHand(account, true)
    return { settled: r.settled, requeued: r.requeued }
  }

  /** this job in whichever account's queue holds it (broadcast cancel) */
  async function findJob(jobId: string): Promise<Job<OutboundJobData> | undefined> {
    for (const q of [queue, ...others.values()]) {
      const job = await q.getJob(jobId)
      if (job) return job
    }
    return undefined
  }

  const subscribers: OutcomeSubscriber[] = deps.hooks.onOutcome ? [deps.hooks.onOutcome] : []

  /** hears every job's outcome once, after the subscribers before it; returns the unsubscribe */
  function subscribe(fn: OutcomeSubscriber): () => void {
    subscribers.push(fn)
    return () => {
      const i = subscribers.indexOf(fn)
      if (i >= 0) subscribers.splice(i, 1)
    }
  }

  const capHoldSubscribers: CapHoldSubscriber[] = []
  /** hears every job held past the daily cap (once per hold); returns the unsubscribe */
  function onCapHold(fn: CapHoldSubscriber): () => void {
    capHoldSubscribers.push(fn)
    return () => {
      const i = capHoldSubscribers.indexOf(fn)
      if (i >= 0) capHoldSubscribers.splice(i, 1)
    }
  }

  async function outcome(job: Job<OutboundJobData>, result: Outcome): Promise<Outcome> {
    for (const s of [...subscribers]) await s(job.id ?? '', job.data, result)
    return result
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

  const runSteps = composeSteps(OUTBOUND_STEPS)
  /** when this process's last send for the account ended (a gap spans two sends) */
  let lastSendEnded: number | undefined
  const sendWindow = (startedAt: number, endedAt: number) => {
    if (lastSendEnded !== undefined) deps.metrics?.pacingGap((startedAt - lastSendEnded) / 1000)
    lastSendEnded = endedAt
  }

  /** The processor: a plain function of the job (the Worker is a thin shell). */
  async function process(job: Job<OutboundJobData>, token: string | undefined): Promise<Outcome> {
    const data = job.data
    if (deps.route) {
      // a job left here when its room moved to another account (failover while it ran): it
      // goes there, under its id; this copy publishes nothing, the moved one reports
      const to = await routeOf(data)
      if (to !== account) {
        await queueOf(to).add(job.name, data, jobOptions(data, { jobId: job.id }))
        return { status: 'skipped', why: 'moved' }
      }
    }
    let now: number | undefined
    const ctx: OutboundStepContext = {
      jobId: job.id ?? '',
      data,
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      cfg: deps.outbound(),
      tz: deps.timezone(),
      get now() {
        return (now ??= deps.now())
      },
      clock: () => deps.now(),
      rng: () => deps.rng(),
      log: logger.child({ job: job.id, action: data.action.type, target: actionTarget(data.action) }),
      redis,
      keys,
      account,
      holdUntil: (until) => job.moveToDelayed(realClockAt(until, ctx.now), token),
      rateLimit: (ms) => queue.rateLimit(ms),
      ...(deps.waitUntil ? { waitUntil: (at: number) => deps.waitUntil!(at, name) } : {}),
      shouldSend: async (d) => (deps.hooks.shouldSend ? deps.hooks.shouldSend(d) : true),
      perform: (action) => deps.perform(action),
      onBreakerOpen: async (failures, pauseMs, lastError) => {
        deps.metrics?.breakerOpened(account, pauseMs)
        await deps.hooks.onBreakerOpen?.(failures, pauseMs, lastError)
      },
      sendWindow,
      capHeld: async (until) => {
        for (const s of [...capHoldSubscribers]) await s(job.id ?? '', data, until)
      },
      publish: async (result) => void (await outcome(job, result)),
    }
    return runSteps(ctx)
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

  /** when this process's worker last started a job, and how many it runs now (the watchdog reads both) */
  let lastStart = 0
  let running = 0
  const watchdog = createWorkerWatchdog({
    queue,
    current: () => worker,
    lastStart: () => lastStart,
    busy: () => running > 0,
    health: deps.health,
    recreate: async (reason, detail) => {
      const old = worker
      if (!old) return
      logger.error({ reason, ...detail }, 'outbound worker stopped fetching: replaced by a new one')
      worker = undefined
      unfollowHealth()
      // forced and never waited on: it runs no job, and a worker whose blocking connection is
      // gone may never finish a graceful close (queue/close-worker.ts)
      void old.close(true).catch(() => undefined)
      start()
    },
    // only this account's process works its queue (its account lease): a job in hand that its
    // worker does not run is an orphan, settled as a dead process's would be
    settleOrphans: async (active) => {
      logger.warn({ active }, 'a job stayed in hand with no worker running it (BullMQ could not move it after a Redis error): settled through the ledger')
      await settleInHand(account, true)
    },
    onError: (err) => {
      if (!deps.health?.report(err, 'outbound watchdog')) logger.warn({ err }, 'outbound watchdog look failed')
    },
    ...(deps.watchdog ?? {}),
  })

  function start(): void {
    if (worker) return
    const cfg = deps.outbound()
    worker = new Worker<OutboundJobData>(
      name,
      async (job, token) => {
        lastStart = realNow()
        running++
        try {
          return await process(job, token)
        } finally {
          running--
        }
      },
      {
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
      },
    )
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
    watchdog.start()
  }

  return {
    queue,
    name,
    account,
    enqueue,
    enqueueBulk,
    moveQueued,
    adoptQueued,
    settleOrphans,
    findJob,
    start,
    subscribe,
    onCapHold,
    /** for tests and the pacing bench: the processor without a worker */
    process,
    /** for tests: the BullMQ worker running now (replaced by the watchdog when it stops fetching) */
    worker: () => worker,
    async pause() {
      await queue.pause()
    },
    async resume() {
      await queue.resume()
    },
    async isPaused() {
      return queue.isPaused()
    },
    /** waits for the job in hand up to `graceMs`, then stops waiting (queue/close-worker.ts) */
    async close(graceMs = 10000): Promise<void> {
      watchdog.stop()
      const w = worker
      worker = undefined
      unfollowHealth()
      if (w && (await closeWorker(w, graceMs)) === 'gave up') logger.warn({ graceMs }, 'outbound worker did not close in time: stopping without it')
      await queue.close()
      for (const q of others.values()) await q.close()
    },
    /** abandons the worker as a crash would: no waiting, locks left to expire */
    async abandon(): Promise<void> {
      watchdog.stop()
      const w = worker
      worker = undefined
      unfollowHealth()
      await w?.close(true).catch(() => undefined)
    },
  }
}

export type Outbound = ReturnType<typeof createOutbound>
