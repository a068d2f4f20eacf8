import type { AppContext } from '../feature'
import type { MessageKind, Metrics } from '../metrics/metrics'
import { queueDepth } from '../metrics/queue-depth'
import type { RedisHealth, RedisOutage } from '../store/redis-health'
import type { BotHandlers } from '../wechat/adapter'

/**
 * One app's metrics, fed from what the app already publishes: the outbound outcomes (a
 * subscriber), the queues (read at scrape time, never on the send path) and the Redis
 * health watch. Pacing gaps and breaker openings come from the outbound steps
 * (`createOutbound`'s `metrics`), rule verdicts from the rules (`ctx.metrics`). Returns the
 * stop: after it the queues, being closed, are no longer read.
 */
export function wireAppMetrics(metrics: Metrics, deps: { ctx: AppContext; health: RedisHealth; account: string }): () => void {
  const { ctx, account } = deps
  metrics.breakerClosed(account)
  const stops = [
    ctx.outbound.subscribe(async (_jobId, data, outcome) => {
      metrics.sendOutcome(data.action.type, outcome.status)
      if (outcome.status === 'sent') metrics.breakerClosed(account)
    }),
    metrics.watchQueue(ctx.outbound.name, () => queueDepth(ctx.outbound.queue)),
    metrics.watchQueue(ctx.control.name, () => queueDepth(ctx.control.queue)),
    ...countRedisErrors(metrics, deps.health),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}

/**
 * The health watch logs one line per outage and counts the errors after the first as
 * `suppressed`; the counter takes the first at once and the rest at each scrape and at
 * recovery, so it is exact whenever it is read.
 */
export function countRedisErrors(metrics: Metrics, health: RedisHealth): (() => void)[] {
  let counted = 0 // errors of the current outage already in the counter
  const catchUp = (o: RedisOutage) => {
    metrics.redisErrors(o.kind, 1 + o.suppressed - counted)
    counted = 1 + o.suppressed
  }
  return [
    health.onChange((change) => {
      catchUp(change.outage)
      if (change.state === 'healthy') counted = 0
    }),
    metrics.onScrape(() => {
      if (health.outage) catchUp(health.outage)
    }),
  ]
}

/** A message counts once it went through the whole chain (one held during an outage, when replayed). */
export function countHandledMessages(handlers: BotHandlers, metrics: Metrics, hqRooms: () => readonly string[]): BotHandlers {
  const kindOf = (roomId: string | undefined): MessageKind => (roomId === undefined ? 'private' : hqRooms().includes(roomId) ? 'hq' : 'group')
  return {
    ...handlers,
    async onMessage(m) {
      await handlers.onMessage(m)
      metrics.messageHandled(kindOf(m.roomId))
    },
  }
}
