import { SendFailed, type Step } from './step'

/** The breaker opens at `threshold` consecutive failed sends. Pure. */
export function breakerOpens(failures: number, threshold: number): boolean {
  return failures >= threshold
}

/** Counts consecutive failed sends; at `breaker.failures` pauses the queue and tells HQ. */
export const breaker: Step = async (ctx, next) => {
  const failuresKey = ctx.keys.failures(ctx.account)
  let outcome
  try {
    outcome = await next()
  } catch (err) {
    if (!(err instanceof SendFailed)) throw err
    const failures = await ctx.redis.incr(failuresKey)
    if (breakerOpens(failures, ctx.cfg.breaker.failures)) {
      await ctx.redis.set(failuresKey, '0')
      ctx.log.error({ failures }, 'breaker open: pausing sends for %d ms', ctx.cfg.breaker.pauseMs)
      if (ctx.cfg.breaker.pauseMs > 0) await ctx.rateLimit(ctx.cfg.breaker.pauseMs)
      await ctx.onBreakerOpen(failures, ctx.cfg.breaker.pauseMs, err.message)
    }
    throw err
  }
  if (outcome.status === 'sent') await ctx.redis.set(failuresKey, '0')
  return outcome
}
