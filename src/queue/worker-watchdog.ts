import type { Queue, Worker } from 'bullmq'
import { realNow } from '../core/real-time'
import type { RedisHealth } from '../store/redis-health'

/** How often the watchdog looks, and how long work may wait on an idle worker before it counts as stuck. */
export const WATCHDOG_EVERY_MS = 5_000
export const WATCHDOG_STUCK_AFTER_MS = 15_000

/**
 * What a BullMQ worker's blocking connection looks like (a diagnostic for the log line; read
 * from BullMQ's internals defensively: undefined when they are not where 6.x keeps them).
 */
export function blockingState(worker: Worker): Record<string, unknown> | undefined {
  const client = (worker as unknown as { backend?: { blockingConnection?: { _client?: unknown } } }).backend?.blockingConnection?._client as
    | { status?: string; nodes?: () => unknown[]; offlineQueue?: { length: number } }
    | undefined
  if (!client) return undefined
  return {
    status: client.status,
    ...(typeof client.nodes === 'function' ? { nodes: client.nodes().length } : {}),
    ...(client.offlineQueue ? { offline: client.offlineQueue.length } : {}),
  }
}

/**
 * Watches one worker of this process (issue 17 item 10): a worker that should be fetching
 * and is not is replaced by `recreate`. Two ways a worker goes quiet for good were seen or
 * found in BullMQ 6.7: its fetch loop ends while it is not paused (a `resume()` that lands
 * while the loop is leaving after a `pause()`: `resume` then neither wakes nor restarts it),
 * or its blocking connection never comes back after a Redis Cluster failover (status
 * `close`/`end`, an empty node pool: BZPOPMIN is never answered and the watchdog inside
 * BullMQ's `waitForJob` waits on `reconnect()`, which waits for a `ready` that never comes).
 * So the watchdog asks about the *work*, not the connection: while Redis is healthy, work is
 * due (waiting, the queue not paused, not rate-limited, nothing active), and this worker has
 * not started a job for `stuckAfterMs`, at two looks in a row, the worker is stuck.
 *
 * And a third way, seen in a Redis Cluster failover (3 loaded runs in 40): a job whose attempt ended
 * while Redis failed over (its processor threw "Too many Cluster redirections") could not be
 * moved out of the active list either, and BullMQ 6.7 does not retry that move for an error
 * it does not count as a connection error (only "Connection is closed." and ECONNREFUSED
 * are): it emits the error and leaves the job active under a lock nobody extends. With the
 * paced queue's global concurrency of 1 nothing else runs until the lock expires and two
 * stalled checks pass (60–90 s). Such a job, in hand with no processor of ours running it for
 * a whole period, is handed to `settleOrphans`.
 */
export function createWorkerWatchdog(deps: {
  queue: Queue
  current: () => Worker | undefined
  /** when this process's processor last started a job (ms, real clock); 0: never */
  lastStart: () => number
  /** this process's processor is running a job now */
  busy: () => boolean
  health?: RedisHealth
  recreate: (reason: string, detail: Record<string, unknown>) => Promise<void>
  /**
   * Jobs shown in hand that no worker of this process runs, for a whole period, at two looks
   * in a row: settled by this (only for a queue no other process works: an account's paced
   * queue, under its account lease). Without it such jobs are left to BullMQ's lock expiry.
   */
  settleOrphans?: (active: number) => Promise<void>
  onError: (err: unknown) => void
  everyMs?: number
  stuckAfterMs?: number
}) {
  const everyMs = deps.everyMs ?? WATCHDOG_EVERY_MS
  const stuckAfterMs = deps.stuckAfterMs ?? WATCHDOG_STUCK_AFTER_MS
  let timer: NodeJS.Timeout | undefined
  let looking = false
  let suspicious = 0
  let orphanLooks = 0
  /** since when the worker has looked quiet (loop ended, or paused while Redis is healthy) */
  let quietSince: number | undefined

  async function look(): Promise<void> {
    const w = deps.current()
    if (!w || w.closing || deps.health?.state === 'failing') {
      suspicious = 0
      quietSince = undefined
      return
    }
    // a loop that ended (not paused, not closing) never fetches again; a pause that outlived
    // its outage by a whole period was never undone
    const loopGone = !w.isRunning() && !w.isPaused()
    if (loopGone || w.isPaused()) {
      quietSince ??= realNow()
      if (loopGone || realNow() - quietSince >= stuckAfterMs) {
        quietSince = undefined
        return deps.recreate(loopGone ? 'its fetch loop ended while it was not paused' : 'it stayed paused while Redis is healthy', { blocking: blockingState(w) })
      }
      return
    }
    quietSince = undefined
    if (deps.busy() || realNow() - deps.lastStart() < stuckAfterMs) {
      suspicious = 0
      orphanLooks = 0
      return
    }
    const counts = await deps.queue.getJobCounts('wait', 'prioritized', 'active')
    const waiting = (counts.wait ?? 0) + (counts.prioritized ?? 0)
    const active = counts.active ?? 0
    // in hand, but not in this worker's hands: BullMQ could not move it when its attempt ended
    if (active > 0) {
      suspicious = 0
      if (!deps.settleOrphans || ++orphanLooks < 2) return
      orphanLooks = 0
      return deps.settleOrphans(active)
    }
    orphanLooks = 0
    if (waiting === 0 || (await deps.queue.isPaused()) || (await deps.queue.getRateLimitTtl()) > 0) {
      suspicious = 0
      return
    }
    if (++suspicious < 2) return
    suspicious = 0
    await deps.recreate('work is due and it fetches nothing', { waiting, blocking: blockingState(w) })
  }

  return {
    start(): void {
      if (timer) return
      timer = setInterval(() => {
        if (looking) return
        looking = true
        look()
          .catch(deps.onError)
          .finally(() => (looking = false))
      }, everyMs)
      timer.unref()
    },
    stop(): void {
      if (timer) clearInterval(timer)
      timer = undefined
    },
    /** one look now (tests) */
    look,
  }
}
