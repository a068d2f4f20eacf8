import type { Redis } from 'ioredis'
import type { Registry } from 'prom-client'
import { createMetrics, mergedMetrics, processMetricsRegistry, type Metrics, type MetricsEndpoint } from '../metrics/metrics'
import type { Plugin } from '../plugin'
import { defaultPlugins } from '../plugins'
import { createAdsShare, type AdsShare } from '../plugins/rules/shared-ads'
import type { RedisFactory } from '../store/redis'

/**
 * What the accounts of one process share (issue 23): one set of Redis connections, the
 * rules' model and labelled-text index, one metrics registry (each account's series
 * labelled `account`). Each account's app is still whole (its Wechaty, queues, lease,
 * plugins); only what needs no copy per account is made once.
 *
 * Redis: every app's stores, queues and producers use one `client()` connection and every
 * BullMQ worker one `worker()` connection; BullMQ gives each worker its own blocking
 * connection (a duplicate), so a process of N accounts holds 2 + 2·N connections instead of
 * ~8·N. An app's `closeAll` / `disconnectAll` leave the shared connections open (another
 * account still uses them); `close()` here closes them once every account has stopped.
 */
export interface ProcessShare {
  /** the Redis factory each account's app is given */
  redis: RedisFactory
  /** the account's metrics, kept across its restarts (its counters go on) */
  metricsFor(account: string): Metrics
  /** `/metrics` of the whole process: every account's series and the process's own */
  metrics: MetricsEndpoint
  /** the plugin list of an account: the rules' model and index shared */
  plugins(): Plugin[]
  /** the connections this process made itself (BullMQ's blocking duplicates not included) */
  connections(): number
  /** closes the shared connections (after every account stopped) */
  close(): Promise<void>
}

export function createProcessShare(base: RedisFactory, opts: { processMetrics?: boolean } = {}): ProcessShare {
  let client: Redis | undefined
  let worker: Redis | undefined
  // many queues and workers listen on one connection: Node's warning at 10 listeners is no leak here
  const shared = (r: Redis) => (r.setMaxListeners(0), r)
  const redis: RedisFactory = {
    url: base.url,
    cluster: base.cluster,
    client: () => (client ??= shared(base.client())),
    worker: () => (worker ??= shared(base.worker())),
    closeAll: async () => undefined,
    disconnectAll: () => undefined,
    onError: (listener) => base.onError(listener),
  }
  const perAccount = new Map<string, Metrics>()
  const processRegistry: Registry | undefined = opts.processMetrics ? processMetricsRegistry() : undefined
  const ads: AdsShare = createAdsShare()
  return {
    redis,
    metricsFor(account) {
      let m = perAccount.get(account)
      if (!m) perAccount.set(account, (m = createMetrics({ account })))
      return m
    },
    metrics: mergedMetrics(() => [...perAccount.values()], processRegistry),
    plugins: () => defaultPlugins({ rules: { share: ads } }),
    connections: () => (client ? 1 : 0) + (worker ? 1 : 0),
    async close() {
      client = undefined
      worker = undefined
      await base.closeAll()
    },
  }
}
