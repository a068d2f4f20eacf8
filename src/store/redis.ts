import IORedis, { type Redis, type RedisOptions } from 'ioredis'

/** Where a Redis is looked for when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

/**
 * The one place that creates Redis connections. BullMQ workers need
 * `maxRetriesPerRequest: null` (they block on Redis and must wait it out); producers and
 * stores fail fast instead (`enableOfflineQueue: false` after the first connect).
 */
export interface RedisFactory {
  /** for BullMQ Workers and QueueEvents: blocks, retries forever */
  worker(): Redis
  /** for Queues and our own stores */
  client(): Redis
  /** closes every connection this factory made */
  closeAll(): Promise<void>
  /** drops every connection at once, as a crash would */
  disconnectAll(): void
  /** hears the errors of every connection, made before or after (the Redis health takes them) */
  onError(listener: (err: Error) => void): () => void
  readonly url: string
}

export function createRedisFactory(url: string, extra: RedisOptions = {}): RedisFactory {
  const made: Redis[] = []
  const errorListeners = new Set<(err: Error) => void>()
  const make = (options: RedisOptions): Redis => {
    const redis = new IORedis(url, { lazyConnect: false, ...extra, ...options })
    // a listener is needed anyway: an unhandled 'error' event would crash the process
    redis.on('error', (err: Error) => {
      for (const l of errorListeners) l(err)
    })
    made.push(redis)
    return redis
  }
  return {
    url,
    worker: () => make({ maxRetriesPerRequest: null }),
    client: () => make({ maxRetriesPerRequest: 3 }),
    async closeAll() {
      await Promise.all(
        made.splice(0).map((r) =>
          r.status === 'end' ? undefined : r.quit().catch(() => r.disconnect()),
        ),
      )
    },
    disconnectAll() {
      for (const r of made.splice(0)) r.disconnect()
    },
    onError(listener) {
      errorListeners.add(listener)
      return () => errorListeners.delete(listener)
    },
  }
}

/** Resolves when Redis answers PING, or rejects with a readable error. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<void> {
  const redis = new IORedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  // ioredis rejects with "Connection is closed."; the 'error' event holds the reason (ECONNREFUSED …)
  let cause: Error | undefined
  redis.on('error', (err: Error) => (cause ??= err))
  try {
    await redis.connect()
    await redis.ping()
  } catch (err) {
    throw cause ?? err
  } finally {
    redis.disconnect()
  }
}
