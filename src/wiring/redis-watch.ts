import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../config/schema'
import { tellHqAboutRedisOutages, warnIfRedisForgets } from './redis-notes'
import { ttlMsOf, type Keys } from '../store/keys'
import type { RedisFactory } from '../store/redis'
import { createRedisHealth, type RedisHealth } from '../store/redis-health'
import { readPersistence } from '../store/redis-persistence'
import { createEventHold, type EventHold } from '../wechat/event-hold'

export interface RedisWatch {
  /** whether Redis takes writes; the queues pause and WeChat events are held while it fails */
  health: RedisHealth
  /** WeChat events kept while Redis fails */
  hold: EventHold
  /** warns HQ at start when Redis would evict or forget our keys */
  warnIfForgets(): Promise<void>
  stop(): void
}

/** Redis health for one bot: a probe, every connection's errors, the event hold, the HQ notes. */
export function createRedisWatch(deps: {
  redis: RedisFactory
  client: Redis
  keys: Keys
  config: () => Config
  logger: Logger
  now: () => number
  tellHq: (text: string, jobId?: string) => Promise<void>
}): RedisWatch {
  const logger = deps.logger.child({ part: 'redis' })
  const health = createRedisHealth({
    probe: async () => {
      await deps.client.set(deps.keys.healthProbe(), String(deps.now()), 'PX', ttlMsOf('healthProbe'))
    },
    logger,
    now: deps.now,
    retryMs: () => deps.config().redis.retryMs,
    maxRetryMs: () => deps.config().redis.maxRetryMs,
  })
  const unhearConnections = deps.redis.onError((err) => health.report(err, 'redis connection'))
  const hold = createEventHold({ health, cap: () => deps.config().redis.holdEvents, logger })
  const notes = { health, hold, config: deps.config, tellHq: deps.tellHq, logger }
  const untellHq = tellHqAboutRedisOutages(notes)
  return {
    health,
    hold,
    warnIfForgets: () => warnIfRedisForgets(() => readPersistence(deps.client), notes),
    stop() {
      unhearConnections()
      untellHq()
      hold.stop()
      health.stop()
    },
  }
}
