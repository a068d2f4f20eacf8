import { claimDurably } from '../../store/durable-claim'
import { SendFailed, type Step } from './step'

export const LEDGER_TTL_MS = 30 * 86400000

/**
 * The send ledger: claim before the WeChat call; a claim found later means "maybe sent".
 * A claim already `sent` skips the job; an unfinished one makes it `uncertain`, never re-sent.
 */
export const ledger: Step = async (ctx, next) => {
  const key = ctx.keys.ledger(ctx.jobId)
  // durable: on a Redis with replicas (a cluster's failover) the claim is on a replica before the send
  const { claimed, replicas, acked } = await claimDurably(ctx.redis, key, 'sending', LEDGER_TTL_MS)
  if (claimed && acked < Math.min(1, replicas)) ctx.log.warn({ replicas }, 'no replica confirmed the send claim in time: sending anyway')
  if (!claimed) {
    const state = await ctx.redis.get(key)
    if (state === 'sent') return { status: 'skipped', why: 'already sent' }
    ctx.log.warn('found an unfinished claim: delivery uncertain, not re-sent')
    return { status: 'uncertain' }
  }
  let outcome
  try {
    outcome = await next()
  } catch (err) {
    // the call failed, so nothing left: release the claim so a retry may send
    if (err instanceof SendFailed) await ctx.redis.del(key)
    throw err
  }
  if (outcome.status === 'sent') await ctx.redis.set(key, 'sent', 'PX', LEDGER_TTL_MS)
  return outcome
}
