import { SendFailed, type Step } from './step'

/** The breaker opens at `threshold` consecutive failed sends. Pure. */
export function breakerOpens(failures: number, threshold: number): boolean {
  return failures >= threshold
}

/**
 * Counts consecutive failed sends; at `breaker.failures` pauses the queue and tells HQ.
 * The breaker is open from its first opening until a send succeeds (`out:<a>:open-since`):
 * an account whose breaker stays open past `accounts.failoverAfterMs` fails over (accounts/fleet.ts).
 */
export const breaker: Step = async (ctx, next) => {
  const failuresKey = ctx.keys.failures(ctx.account)
  let outcome
  try {
    outcome = await next()
  } catch (err) {
    if (!(err instanceof SendFailed)) throw err
    const failures = await ctx.redis.incr(failuresKey)
    if (breakerOpens(failures, ctx.cfg.breaker.failures)) {
      await ctx.redis.multi().set(failuresKey, '0').set(ctx.keys.breakerOpenSince(ctx.account), String(ctx.clock()), 'NX').exec()
      ctx.log.error({ failures }, 'breaker open: pausing sends for %d ms', ctx.cfg.breaker.pauseMs)
      if (ctx.cfg.breaker.pauseMs > 0) await ctx.rateLimit(ctx.cfg.breaker.pauseMs)
      await ctx.onBreakerOpen(failures, ctx.cfg.breaker.pauseMs, err.message)
    }
    throw err
  }
  if (outcome.status === 'sent') await ctx.redis.multi().set(failuresKey, '0').del(ctx.keys.breakerOpenSince(ctx.account)).exec()
  return outcome
}
