import { DelayedError } from 'bullmq'
import { dayKey, nextDayStart } from '../../core/time-window'
import type { PriorityClass } from '../actions'
import type { Step } from './step'

const DAY_COUNT_TTL_MS = 2 * 86400000

/** Member-facing messages and broadcasts wait for tomorrow past the daily cap; moderation and HQ never wait. */
export function isCapped(priority: PriorityClass): boolean {
  return priority === 'member' || priority === 'broadcast'
}

/**
 * The sends the day's count is made of: every message of the account, HQ's too (issue 17:
 * they are sends of the same account, and WeChat counts them). A moderation action (a
 * removal, an announcement) is not a message and is not counted. HQ lines are counted but
 * never held (docs/config.md, `outbound.dailyCap`): a removal report or an outage warning
 * that waited until tomorrow would be lost to the operators when it matters.
 */
export function isCounted(priority: PriorityClass): boolean {
  return isCapped(priority) || priority === 'hq'
}

/** When a capped job may go out: undefined now, else the start of the next day. Pure. */
export function capHold(count: number, cap: number, now: number, tz: string): number | undefined {
  return count >= cap ? nextDayStart(now, tz) : undefined
}

/** Holds capped jobs once the day's count is reached; counts each counted send. */
export const holdDailyCap: Step = async (ctx, next) => {
  if (isCapped(ctx.data.priority)) {
    const count = Number(await ctx.redis.get(ctx.keys.dailyCount(ctx.account, dayKey(ctx.now, ctx.tz)))) || 0
    const until = capHold(count, ctx.cfg.dailyCap, ctx.now, ctx.tz)
    if (until !== undefined) {
      ctx.log.warn({ count }, 'daily cap reached: held until tomorrow')
      await ctx.holdUntil(until)
      await ctx.capHeld?.(until)
      throw new DelayedError()
    }
  }
  const outcome = await next()
  if (isCounted(ctx.data.priority) && outcome.status === 'sent') {
    const dk = ctx.keys.dailyCount(ctx.account, dayKey(ctx.now, ctx.tz))
    await ctx.redis.multi().incr(dk).pexpire(dk, DAY_COUNT_TTL_MS).exec()
  }
  return outcome
}
