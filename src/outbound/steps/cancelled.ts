import type { Step } from './step'

/** A vetoed job (its broadcast was cancelled) is skipped before anything else. */
export const skipCancelled: Step = async (ctx, next) => {
  if (!(await ctx.shouldSend(ctx.data))) return { status: 'skipped', why: 'cancelled' }
  return next()
}
