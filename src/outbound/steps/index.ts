import { retryOrGiveUp } from './attempts'
import { breaker } from './breaker'
import { skipCancelled } from './cancelled'
import { holdDailyCap } from './daily-cap'
import { ledger } from './ledger'
import { pacing } from './pacing'
import { perform } from './perform'
import { publishOutcome } from './publish'
import { holdQuietHours } from './quiet-hours'
import type { Step } from './step'

/**
 * Every outbound job passes these steps, in this order. Each runs around the ones after it,
 * so what a step does after a send runs inside-out: ledger `sent` → next pacing slot →
 * breaker reset → daily count → outcome published (on a failed send: claim released →
 * pacing → breaker count → retry or give up).
 */
export const OUTBOUND_STEPS: readonly Step[] = [
  publishOutcome, //  the final outcome to every subscriber (broadcasts, rules, analytics)
  skipCancelled, //   a cancelled broadcast's job is skipped
  holdQuietHours, //  quiet jobs wait out the quiet hours
  holdDailyCap, //    member and broadcast sends wait for tomorrow past the daily cap
  retryOrGiveUp, //   a failed send is retried, or given up as `failed`
  breaker, //         consecutive failed sends pause the queue
  pacing, //          one send per interval per account
  ledger, //          claim before the call: exactly once, or `uncertain`
  perform, //         the WeChat call
]
