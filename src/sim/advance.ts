import { Job, type Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { realNow } from '../core/real-time'
import { SettleTimeoutError } from './settle'
import type { SimBot } from './sim-bot'
import type { VirtualClock } from './virtual-clock'

/** BullMQ 6 keeps a delayed job in `<queue>:delayed` scored `due * 0x1000 + a counter` */
const SCORE_UNIT = 0x1000
/**
 * how often `advance` looks while the bot works (a paced send going to sleep on the clock ends
 * the wait at once). 10 ms, not 50: most instants are one send, whose work ends between two
 * looks, so the look's period was most of a send's wall time (bench `sop`, 2 days: 18.6 s → 13.9 s).
 */
const POLL_MS = 10
/** quiet must be seen this many looks in a row (the second at once): a handler may enqueue a job as it returns */
const QUIET_POLLS = 2

export interface AdvanceOptions {
  clock: VirtualClock
  /** reads the queues' delayed sets (the run's own connection) */
  redis: Redis
  /** every account's process (one in a single-account world) */
  bots: SimBot[]
  /** how far the clock moves */
  byMs: number
  /** real time the work of one instant may take before the step fails (as a `settle` timeout) */
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * The `advance` step: moves the virtual clock `byMs` ahead, through every instant something
 * is due on the way, in order. At each: wait until the bot has nothing in hand (events,
 * handlers, jobs waiting or running — a paced send waiting for its gap on the clock does not
 * count), find the earliest due time (a delayed BullMQ job, which includes job-scheduler
 * ticks, holds and retries; or a pacing gap), jump there, promote the jobs now due, repeat.
 * Nothing due before the target: the clock jumps to it.
 */
export async function advanceClock(opts: AdvanceOptions): Promise<void> {
  const { clock } = opts
  const target = clock.now() + opts.byMs
  const queues = queuesOf(opts.bots)
  for (;;) {
    if (opts.signal?.aborted) return
    await quiet(opts)
    const delayed = await nextDelayed(opts.redis, queues)
    const wake = clock.nextWake()
    const next = Math.min(delayed ?? Infinity, wake ?? Infinity)
    if (next > target) break
    clock.jumpTo(next)
    if (delayed !== undefined && delayed <= clock.now()) await promoteDue(opts.redis, queues, clock.now())
  }
  clock.jumpTo(target)
}

function queuesOf(bots: SimBot[]): Queue[] {
  const byKey = new Map<string, Queue>()
  for (const b of bots) {
    for (const q of [b.app.ctx.outbound.queue, b.app.ctx.control.queue] as Queue[]) byKey.set(q.toKey('delayed'), q)
  }
  return [...byKey.values()]
}

/** the earliest due time of a delayed job in any of the queues */
async function nextDelayed(redis: Redis, queues: Queue[]): Promise<number | undefined> {
  let next: number | undefined
  const firsts = await Promise.all(queues.map((q) => redis.zrange(q.toKey('delayed'), '0', '0', 'WITHSCORES')))
  for (const first of firsts) {
    if (first[1] === undefined) continue
    const due = Math.floor(Number(first[1]) / SCORE_UNIT)
    if (next === undefined || due < next) next = due
  }
  return next
}

/** every delayed job due by `now` goes to its queue now (BullMQ's promote also wakes a blocked worker) */
async function promoteDue(redis: Redis, queues: Queue[], now: number): Promise<void> {
  for (const q of queues) {
    const ids = await redis.zrangebyscore(q.toKey('delayed'), '-inf', String((now + 1) * SCORE_UNIT - 1))
    for (const id of ids) {
      const job = await Job.fromId(q, id)
      // a worker may have promoted it meanwhile
      await job?.promote().catch(() => undefined)
    }
  }
}

/** until no account has anything in hand but a paced send sleeping on the clock */
async function quiet(opts: AdvanceOptions): Promise<void> {
  const end = realNow() + opts.timeoutMs
  let quietPolls = 0
  for (;;) {
    if (opts.signal?.aborted) return
    const busy: Record<string, number> = {}
    for (const b of opts.bots) {
      const paced = b.app.ctx.outbound.name
      for (const [place, n] of Object.entries(await b.pending(0))) {
        if (n > 0 && !(place === paced && opts.clock.sleeping(paced))) busy[place] = (busy[place] ?? 0) + n
      }
    }
    quietPolls = Object.keys(busy).length === 0 ? quietPolls + 1 : 0
    // a paced send asleep on the clock: its queue's worker is waiting, not working
    if (quietPolls >= QUIET_POLLS || (quietPolls > 0 && opts.clock.nextWake() !== undefined)) return
    if (realNow() >= end) throw new SettleTimeoutError(opts.timeoutMs, busy)
    // a paced send going to sleep is often the moment the bot has nothing else in hand
    await opts.clock.sleepOrAfter(POLL_MS)
  }
}
