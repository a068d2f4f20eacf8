import { DelayedError } from 'bullmq'
import { quietUntil } from '../../core/time-window'
import type { OutboundJobData } from '../job'
import type { Step } from './step'

/** When a quiet job may go out: undefined now, else the end of the quiet hours. Pure. */
export function quietHold(data: Pick<OutboundJobData, 'quiet'>, now: number, quietHours: string, tz: string): number | undefined {
  return data.quiet ? quietUntil(now, quietHours, tz) : undefined
}

/** Broadcasts and scheduled sends wait out the quiet hours; moderation never does. */
export const holdQuietHours: Step = async (ctx, next) => {
  // the bot's clock is read here, after the cancelled check, as it always was
  const now = ctx.now
  const until = quietHold(ctx.data, now, ctx.cfg.quietHours, ctx.tz)
  if (until !== undefined) {
    ctx.log.info({ until: new Date(until).toISOString() }, 'quiet hours: held')
    await ctx.holdUntil(until)
    throw new DelayedError()
  }
  return next()
}
