import type { Logger } from 'pino'
import type { Redis } from 'ioredis'
import type { OutboundConfig } from '../../config/schema'
import type { Keys } from '../../store/keys'
import type { ActionResult, OutboundAction } from '../actions'
import type { OutboundJobData, Outcome } from '../job'

/** What a step of the outbound chain sees of one job and of its queue. */
export interface OutboundStepContext {
  jobId: string
  data: OutboundJobData
  /** attempts made before this one, and the attempts allowed in all */
  attemptsMade: number
  attempts: number
  cfg: OutboundConfig
  tz: string
  /** the bot's clock for this job, read once, when first asked (the holds start) */
  readonly now: number
  /** the bot's clock, read again (pacing counts from the end of a send) */
  clock(): number
  rng(): number
  log: Logger
  redis: Redis
  keys: Keys
  account: string
  /** moves the job to delayed until `until` on the bot's clock (the step then throws `DelayedError`) */
  holdUntil(until: number): Promise<void>
  /** no job of this queue starts for `ms` (a step that waits throws `RateLimitError` after it) */
  rateLimit(ms: number): Promise<void>
  /**
   * On a virtual clock (the simulator's `advance`): waits in hand until the bot's clock
   * reads `at`, which a jump of the clock may bring at once; the pacing step then waits
   * here instead of rate-limiting the queue for `ms` of real time.
   */
  waitUntil?(at: number): Promise<void>
  /** false: the job is vetoed (a cancelled broadcast) */
  shouldSend(data: OutboundJobData): Promise<boolean>
  perform(action: OutboundAction): Promise<void | ActionResult>
  onBreakerOpen(failures: number, pauseMs: number, lastError: string): Promise<void>
  /** a send reached WeChat (sent, or failed after the call) from `startedAt` to `endedAt` on the bot's clock: the pacing gap metric */
  sendWindow?(startedAt: number, endedAt: number): void
  /** tells every cap-hold subscriber the job is held past the daily cap until `until` */
  capHeld?(until: number): Promise<void>
  /** tells every subscriber the job's outcome */
  publish(outcome: Outcome): Promise<void>
}

/** A step runs before and after the steps inside it; returning without `next()` ends the job. */
export type Step = (ctx: OutboundStepContext, next: () => Promise<Outcome>) => Promise<Outcome>

/** The send itself failed (WeChat, not Redis): the steps around it release, pace and count. */
export class SendFailed extends Error {
  override readonly name = 'SendFailed'
  constructor(override readonly cause: unknown) {
    super((cause as Error).message)
  }
}

/** Runs the steps in order, each around the next (as grammY's and Koa's middleware). */
export function composeSteps(steps: readonly Step[]): (ctx: OutboundStepContext) => Promise<Outcome> {
  return (ctx) => {
    const run = (i: number): Promise<Outcome> => {
      const step = steps[i]
      if (!step) return Promise.reject(new Error('the outbound chain ended without an outcome'))
      return step(ctx, () => run(i + 1))
    }
    return run(0)
  }
}
