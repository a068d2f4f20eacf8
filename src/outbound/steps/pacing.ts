import { Worker } from 'bullmq'
import type { OutboundConfig } from '../../config/schema'
import { SendFailed, type OutboundStepContext, type Step } from './step'

/** How long the next send must wait: undefined when it may go now. Pure. */
export function pacingWaitMs(now: number, nextAt: number): number | undefined {
  return now < nextAt ? nextAt - now : undefined
}

/** When the send after one that ended at `endedAt` may start. Pure. */
export function nextSendAt(endedAt: number, cfg: Pick<OutboundConfig, 'minIntervalMs' | 'jitterMs'>, rng: () => number): number {
  return endedAt + cfg.minIntervalMs + Math.floor(rng() * (cfg.jitterMs + 1))
}

/**
 * The next send may start `minIntervalMs + jitter` after this one *ended*: WeChat saw
 * this send somewhere before it returned, so counting from the end guarantees the gap
 * WeChat sees. The cost is the call's own duration added to each gap.
 */
async function paceAfterSend(ctx: OutboundStepContext): Promise<void> {
  const endedAt = ctx.clock()
  ctx.sendWindow?.(ctx.now, endedAt)
  await ctx.redis.set(ctx.keys.pacingNextAt(ctx.account), String(nextSendAt(endedAt, ctx.cfg, ctx.rng)))
}

/** One send per interval per account, across processes: the `next-at` key in Redis. */
export const pacing: Step = async (ctx, next) => {
  const nextAt = Number(await ctx.redis.get(ctx.keys.pacingNextAt(ctx.account))) || 0
  const wait = pacingWaitMs(ctx.now, nextAt)
  if (wait !== undefined) {
    if (!ctx.waitUntil) {
      await ctx.rateLimit(wait)
      throw Worker.RateLimitError()
    }
    // the job stays in hand, first in line, as a rate-limited one would come back first
    await ctx.waitUntil(nextAt)
  }
  let outcome
  try {
    outcome = await next()
  } catch (err) {
    // a failed send counts too: WeChat may have seen it
    if (err instanceof SendFailed) await paceAfterSend(ctx)
    throw err
  }
  if (outcome.status === 'sent') await paceAfterSend(ctx)
  return outcome
}
