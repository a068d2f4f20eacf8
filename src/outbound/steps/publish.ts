import type { Step } from './step'

/** Outermost: the outcome a step returned is final, so every subscriber hears it once. */
export const publishOutcome: Step = async (ctx, next) => {
  const outcome = await next()
  if (outcome.status === 'sent') ctx.log.debug('sent')
  await ctx.publish(outcome)
  return outcome
}
