import type { ChainableCommander } from 'ioredis'
import { errorInReply } from './redis-errors'

/**
 * Runs a pipeline and throws the first error in its replies. ioredis *resolves* a pipeline
 * whose commands Redis refused (OOM, READONLY, LOADING, BUSY, a dropped connection), with an
 * `[err, result]` pair per command: a caller that only awaits it takes a refused write as
 * done, and the message that made it is neither held nor retried. Thrown, an outage error
 * reaches the event hold like any other (an outage error is thrown before another kind).
 */
export async function execPipeline(pipeline: ChainableCommander): Promise<Array<[Error | null, unknown]>> {
  const replies = (await pipeline.exec()) ?? []
  const err = errorInReply(replies)
  if (err) throw err
  return replies
}
