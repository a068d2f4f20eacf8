import IORedis, { Cluster, type Redis, type RedisOptions } from 'ioredis'
import { parseRedisTarget, type RedisTarget } from './redis-target'

/** Where a Redis is looked for when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

/**
 * The one place that creates Redis connections. BullMQ workers need
 * `maxRetriesPerRequest: null` (they block on Redis and must wait it out); producers and
 * stores fail fast instead (`enableOfflineQueue: false` after the first connect).
 *
 * When `url` names a Redis Cluster (redis-target.ts) every connection is an ioredis
 * `Cluster`, handed out typed as `Redis`: it answers the same commands, and BullMQ takes
 * either. What a Cluster cannot do is a command whose keys span slots (CROSSSLOT), which
 * the hash-tagged prefix rules out (keys.ts `deploymentPrefix`), and SCAN across nodes
 * (`scanNodes` below).
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
  /** true when `url` names a Redis Cluster: the key prefix must then be a hash tag */
  readonly cluster: boolean
}

export function createRedisFactory(url: string, extra: RedisOptions = {}): RedisFactory {
  const target = parseRedisTarget(url)
  const made: Redis[] = []
  const errorListeners = new Set<(err: Error) => void>()
  const make = (options: RedisOptions): Redis => {
    const redis = connect(target, { lazyConnect: false, ...extra, ...options })
    // a listener is needed anyway: an unhandled 'error' event would crash the process
    redis.on('error', (err: Error) => {
      for (const l of errorListeners) l(err)
    })
    made.push(redis)
    return redis
  }
  return {
    url,
    cluster: target.cluster,
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

/** One connection to what `target` names: a Cluster client for a cluster (typed as Redis, see above). */
function connect(target: RedisTarget, options: RedisOptions): Redis {
  if (!target.cluster) return new IORedis(target.url, options)
  const { lazyConnect, ...perNode } = options
  const cluster = new Cluster(target.nodes, {
    lazyConnect: lazyConnect ?? false,
    redisOptions: {
      ...perNode,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
  })
  return cluster as unknown as Redis
}

/** True for a connection made to a Redis Cluster. */
export function isCluster(redis: Redis): boolean {
  return (redis as unknown as { isCluster?: boolean }).isCluster === true
}

/**
 * The connections to SCAN: the one Redis, or each master of a cluster (a SCAN reaches one
 * node only). Keys found on a node are deleted there, one at a time (keys of different
 * slots cannot share a command even on one node). On a cluster, call it once a command has
 * gone through (the master list is learnt on connecting).
 */
export function scanNodes(redis: Redis): Redis[] {
  return isCluster(redis) ? (redis as unknown as Cluster).nodes('master') : [redis]
}

/** Resolves when Redis (or a cluster in state ok) answers PING, or rejects with a readable error. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<void> {
  const target = parseRedisTarget(url)
  if (target.cluster) return pingCluster(target, timeoutMs)
  const redis = new IORedis(target.url, {
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

async function pingCluster(target: Extract<RedisTarget, { cluster: true }>, timeoutMs: number): Promise<void> {
  const cluster = new Cluster(target.nodes, {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: () => null,
    redisOptions: {
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
  })
  let cause: Error | undefined
  let nodeCause: string | undefined
  cluster.on('error', (err: Error) => (cause ??= err))
  cluster.on('node error', (err: Error, address: string) => (nodeCause ??= `${address}: ${err.message}`))
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no cluster node answered within ${timeoutMs} ms`)), timeoutMs * 2)
  })
  try {
    await Promise.race([
      (async () => {
        await cluster.connect()
        const info = String(await cluster.cluster('INFO'))
        if (!/cluster_state:ok/.test(info)) throw new Error('the Redis Cluster is not in state ok (cluster_state:fail)')
        await cluster.ping()
      })(),
      late,
    ])
  } catch (err) {
    // "Failed to refresh slots cache." alone does not say why: the last node's error does
    const last = (err as { lastNodeError?: Error }).lastNodeError ?? (cause as { lastNodeError?: Error } | undefined)?.lastNodeError
    if (last || nodeCause) throw new Error(`no cluster node answered (${nodeCause ?? last?.message})`)
    throw cause ?? err
  } finally {
    clearTimeout(timer)
    cluster.disconnect()
  }
}
