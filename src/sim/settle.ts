import { realNow } from '../core/real-time'
/** What a simulated bot still has to do, per place (`in transit`, `handlers`, one per queue). */
export interface PendingSource {
  pending(horizonMs: number): Promise<Record<string, number>>
}

/** `settle` timed out: the work in `pending` was still waiting, running or due. */
export class SettleTimeoutError extends Error {
  override name = 'SettleTimeoutError'
  constructor(
    readonly timeoutMs: number,
    readonly pending: Record<string, number>,
    /** the scenario step, e.g. `steps[4]` */
    where?: string,
  ) {
    const busy = Object.entries(pending).filter(([, n]) => n > 0)
    super(`${where ? `${where}.` : ''}settle: still busy after ${timeoutMs} ms (${busy.map(([k, n]) => `${k}: ${n}`).join(', ')})`)
  }
}

const POLL_MS = 25
/** idle must be seen this many polls in a row: a handler may enqueue a job as it returns */
const IDLE_POLLS = 2

/**
 * Resolves once nothing is in transit to the bot, no event handler runs and no job is
 * waiting, running or delayed until within the timeout; throws `SettleTimeoutError` with
 * the counts per place when the timeout passes first. A silent return would let "nothing
 * happened" assertions pass on a bot that simply had not got there yet. An aborted
 * `signal` (Ctrl-C in the demo) returns at once. `only` waits for those places alone;
 * `horizonMs` counts delayed jobs due that far ahead (default: within the timeout), or
 * `aheadMs` those due within that long of the start (a look-ahead apart from the timeout).
 */
export async function settle(bot: PendingSource, timeoutMs: number, signal?: AbortSignal, only?: readonly string[], horizonMs?: number, aheadMs?: number): Promise<void> {
  const end = realNow() + timeoutMs
  const lookUntil = aheadMs === undefined ? end : realNow() + aheadMs
  let idle = 0
  for (;;) {
    if (signal?.aborted) return
    const all = await bot.pending(horizonMs ?? Math.max(0, lookUntil - realNow()))
    const pending = only ? Object.fromEntries(only.map((k) => [k, all[k] ?? 0])) : all
    idle = Object.values(pending).every((n) => n === 0) ? idle + 1 : 0
    if (idle >= IDLE_POLLS) return
    if (realNow() >= end) {
      if (idle > 0) return
      throw new SettleTimeoutError(timeoutMs, pending)
    }
    await new Promise((done) => setTimeout(done, POLL_MS))
  }
}

/**
 * Resolves true once the bot has nothing in hand: nothing in transit, no handler running,
 * no job waiting or running or due now (a job delayed until later is not in hand); false
 * when `timeoutMs` passes first, or on abort.
 */
export async function workDone(bot: PendingSource, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await settle(bot, timeoutMs, signal, undefined, 0)
    return !signal?.aborted
  } catch (err) {
    if (err instanceof SettleTimeoutError) return false
    throw err
  }
}
