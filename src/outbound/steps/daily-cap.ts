import { DelayedError } from 'bullmq'
import { dayKey, nextDayStart } from '../../core/time-window'
import type { PriorityClass } from '../actions'
import type { Step } from './step'

const DAY_COUNT_TTL_MS = 2 * 86400000

/** Member-facing messages and broadcasts count toward the daily cap; moderation and HQ never do. */
export function isCapped(priority: PriorityClass): boolean {
  return priority === 'member' || priority === 'broadcast'
}

/** When a capped job may go out: undefined now, else the start of the next day. Pure. */
export function capHold(count: number, cap: number, now: number, tz: string): number | undefined {
  return count >= cap ? nextDayStart(now, tz) : undefined
}

/** Holds capped jobs once the day's count is reached; counts each capped send. */
export const holdDailyCap: Step = async (ctx, next) => {
  const capped = isCapped(ctx.data.priority)
  if (capped) {
    const count = Number(await ctx.redis.get(ctx.keys.dailyCount(ctx.account, dayKey(ctx.now, ctx.tz)))) || 0
    const until = capHold(count, ctx.cfg.dailyCap, ctx.now, ctx.tz)
    if (until !== undefined) {
      ctx.log.warn({ count }, 'daily cap reached: held until tomorrow')
      await ctx.holdUntil(until)
      throw new DelayedError()
    }
  }
  const outcome = await next()
  if (capped && outcome.status === 'sent') {
    const dk = ctx.keys.dailyCount(ctx.account, dayKey(ctx.now, ctx.tz))
    await ctx.redis.multi().incr(dk).pexpire(dk, DAY_COUNT_TTL_MS).exec()
  }
  return outcome
}
