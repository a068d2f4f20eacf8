import { UnrecoverableError } from 'bullmq'
import { PermanentActionError } from '../actions'
import { SendFailed, type Step } from './step'

/** Whether a failed send is the job's last: WeChat refused for good, or no attempt is left. */
export function isLastAttempt(err: unknown, attemptsMade: number, attempts: number): boolean {
  const permanent = err instanceof PermanentActionError || (err as Error).name === 'PermanentActionError'
  return permanent || attemptsMade + 1 >= attempts
}

/** After a failed send: retry (BullMQ's backoff) or give up, publishing `failed`. */
export const retryOrGiveUp: Step = async (ctx, next) => {
  try {
    return await next()
  } catch (err) {
    if (!(err instanceof SendFailed)) throw err
    const message = err.message
    const last = isLastAttempt(err.cause, ctx.attemptsMade, ctx.attempts)
    ctx.log.warn({ err: message, attempt: ctx.attemptsMade + 1, last }, 'send failed')
    if (last) {
      await ctx.publish({ status: 'failed', error: message })
      throw new UnrecoverableError(message)
    }
    throw err.cause
  }
}
