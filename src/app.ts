import type { Logger } from 'pino'
import type { WechatyInterface } from 'wechaty/impls'
import type { Config } from './config/schema'
import type { AppContext, FeatureFactory } from './feature'
import type { QrReader } from './images/qr-reader'
import { pendingJobs } from './queue/pending-jobs'
import { createGroupRegistry } from './store/group-registry'
import { createKeys } from './store/keys'
import type { RedisFactory } from './store/redis'
import type { RedisHealth } from './store/redis-health'
import { createWechatAdapter, type WechatAdapter } from './wechat/adapter'
import { createAppContext } from './wiring/app-context'
import { createBotHandlers } from './wiring/bot-handlers'
import { createFeatureSet } from './wiring/feature-set'
import { inboundQr } from './wiring/inbound-qr'
import { createRedisWatch } from './wiring/redis-watch'

export interface AppDeps {
  bot: WechatyInterface
  redis: RedisFactory
  /** Redis key prefix and BullMQ prefix; one per deployment (and per test) */
  prefix: string
  /** the account's queue name part (one paced queue per account) */
  account: string
  config: () => Config
  /** re-reads the config file; returns the problems when the new config is refused */
  reloadConfig?: () => Promise<string[] | undefined>
  logger: Logger
  now: () => number
  rng: () => number
  features: FeatureFactory[]
  /** reads QR codes from images in managed groups that check for them; closed by `stop()` */
  qr?: QrReader
  /** BullMQ lock timings (small in crash tests) */
  lockMs?: number
  stalledCheckMs?: number
}

export interface App {
  ctx: AppContext
  adapter: WechatAdapter
  /** whether Redis takes writes; the queues pause and WeChat events are held while it fails */
  health: RedisHealth
  start(): Promise<void>
  /** graceful: finish the job in hand, close workers, stop the bot, close Redis */
  stop(): Promise<void>
  /** as a crash: no waiting; locks are left to expire */
  abandon(): Promise<void>
  /** re-reads the config (SIGHUP); undefined when accepted, else the problems */
  reload(): Promise<string[] | undefined>
  /** jobs waiting, running or due within `horizonMs`, plus event handlers in flight */
  pendingWork(horizonMs: number): Promise<number>
  /** the same, per place: `handlers` and one entry per queue (what a timed-out settle reports) */
  pendingDetail(horizonMs: number): Promise<Record<string, number>>
}

/** Wiring of one bot: Redis health, the context every feature gets, the features, the WeChat adapter. */
export function createApp(deps: AppDeps): App {
  const { logger, now, config } = deps
  const keys = createKeys(deps.prefix)
  const client = deps.redis.client()
  const registry = createGroupRegistry(client, keys)
  const watch = createRedisWatch({ redis: deps.redis, client, keys, config, logger, now, tellHq: (text, jobId) => ctx.tellHq(text, jobId) })
  const reloadConfig = deps.reloadConfig ? () => reload() : undefined
  const ctx = createAppContext({ ...deps, client, keys, registry, health: watch.health, adapter: () => adapter, features: () => features.list(), reload: reloadConfig })
  const features = createFeatureSet(ctx, deps.features)
  let started = false
  const handlers = createBotHandlers({ ctx, features, adapter: () => adapter, started: () => started })
  const adapter = createWechatAdapter({ bot: deps.bot, logger, handlers: watch.hold.wrap(handlers), now, inbound: { qr: inboundQr(ctx, deps.qr) } })

  /** re-reads the config file; features hear of it only when it was accepted */
  async function reload(): Promise<string[] | undefined> {
    const problems = await deps.reloadConfig?.()
    if (!problems) await features.configReloaded()
    return problems
  }

  return {
    ctx,
    adapter,
    health: watch.health,
    reload,
    async start() {
      await features.start()
      await watch.warnIfForgets()
      await deps.bot.start()
      started = true
    },
    async stop() {
      if (!started) return
      started = false
      watch.stop()
      await ctx.outbound.close()
      await ctx.control.close()
      await features.stop()
      await deps.bot.stop().catch((err: Error) => logger.warn({ err }, 'bot stop failed'))
      await deps.qr?.close()
      await deps.redis.closeAll()
    },
    async abandon() {
      started = false
      watch.stop()
      deps.redis.disconnectAll()
      await ctx.outbound.abandon()
      await ctx.control.abandon()
      await deps.bot.stop().catch(() => undefined)
      await deps.qr?.close()
    },
    async pendingWork(horizonMs) {
      return Object.values(await this.pendingDetail(horizonMs)).reduce((a, b) => a + b, 0)
    },
    async pendingDetail(horizonMs) {
      // `held`: events kept while Redis is unreachable, to be handled when it is back
      const detail: Record<string, number> = { handlers: adapter.pending(), held: watch.hold.size() }
      detail[ctx.outbound.name] = await pendingJobs(ctx.outbound.queue, horizonMs)
      detail[ctx.control.name] = await ctx.control.count(horizonMs)
      for (const [name, n] of Object.entries(await features.pending(horizonMs))) detail[name] = (detail[name] ?? 0) + n
      return detail
    },
  }
}
