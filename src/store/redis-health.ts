import type { Logger } from 'pino'
import { redisErrorSummary, redisOutageKind, type RedisOutageKind } from './redis-errors'

/**
 * Whether Redis takes our writes, as one small state machine: `healthy` until any part
 * (an ioredis connection, a BullMQ queue or worker, an event handler) reports an outage
 * error; then `failing` until a probe write succeeds, tried with exponential back-off.
 * It logs one line per change, never one per error: a worker whose script fails
 * re-fetches at once, and with Redis full that was 23,000 log lines in 5 s.
 */

export type RedisHealthState = 'healthy' | 'failing'

export interface RedisOutage {
  kind: RedisOutageKind
  /** the first error, one line, no script text */
  error: string
  /** who reported the first error */
  source: string
  /** deps.now() when it began */
  since: number
  /** errors reported after the first, not logged one by one */
  suppressed: number
  /** failed probe writes so far */
  probes: number
}

export type RedisHealthChange =
  | { state: 'failing'; outage: RedisOutage }
  | { state: 'healthy'; outage: RedisOutage; downMs: number }

export interface RedisHealth {
  readonly state: RedisHealthState
  /** the outage in progress, if any */
  readonly outage: RedisOutage | undefined
  /** takes in an error; true when it is a Redis outage error (the caller need not log it) */
  report(err: unknown, source: string): boolean
  /** called on every change; returns the unsubscribe */
  onChange(listener: (change: RedisHealthChange) => void): () => void
  /** ends probing; later reports are still classified but change nothing */
  stop(): void
}

export interface RedisHealthDeps {
  /** a small write that succeeds only when Redis takes writes again */
  probe: () => Promise<void>
  logger: Logger
  now: () => number
  /** the first wait before probing; doubles after each failed probe */
  retryMs: () => number
  /** the longest wait between probes */
  maxRetryMs: () => number
}

export function createRedisHealth(deps: RedisHealthDeps): RedisHealth {
  const { logger } = deps
  const listeners = new Set<(change: RedisHealthChange) => void>()
  let outage: RedisOutage | undefined
  let delay = 0
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  const emit = (change: RedisHealthChange) => {
    for (const l of [...listeners]) {
      try {
        l(change)
      } catch (err) {
        logger.error({ err }, 'redis health listener failed')
      }
    }
  }

  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => void probeOnce(), delay)
  }

  async function probeOnce(): Promise<void> {
    timer = undefined
    const current = outage
    if (!current || stopped) return
    try {
      await withTimeout(deps.probe(), Math.max(1000, delay))
    } catch {
      current.probes++
      delay = Math.min(delay * 2, Math.max(deps.maxRetryMs(), 1))
      schedule()
      return
    }
    if (stopped || outage !== current) return
    outage = undefined
    const downMs = deps.now() - current.since
    logger.warn(
      { downMs, suppressed: current.suppressed, kind: current.kind },
      'Redis recovered after %d ms; %d further errors were not logged',
      downMs,
      current.suppressed,
    )
    emit({ state: 'healthy', outage: current, downMs })
  }

  return {
    get state() {
      return outage ? 'failing' : 'healthy'
    },
    get outage() {
      return outage
    },
    report(err, source) {
      const kind = redisOutageKind(err)
      if (!kind) return false
      if (stopped) return true
      if (outage) {
        outage.suppressed++
        return true
      }
      outage = { kind, error: redisErrorSummary(err), source, since: deps.now(), suppressed: 0, probes: 0 }
      logger.error(
        { kind, source, error: outage.error },
        'Redis failing (%s): %s — queues paused and WeChat events held until a write succeeds again',
        kind,
        outage.error,
      )
      delay = Math.max(deps.retryMs(), 1)
      schedule()
      emit({ state: 'failing', outage })
      return true
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      timer = undefined
      listeners.clear()
    },
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error('probe timed out')), ms)))])
  } finally {
    clearTimeout(timer)
  }
}
