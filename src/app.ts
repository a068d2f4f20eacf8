import type { Logger } from 'pino'
import type { WechatyInterface } from 'wechaty/impls'
import type { Config } from './config/schema'
import { managedGroups, type ManagedGroup } from './core/groups'
import { botMessages } from './messages'
import type { AppContext, Feature, FeatureFactory } from './feature'
import { createOutbound, type OutboundJobData } from './outbound/outbound-queue'
import { createGroupRegistry } from './store/group-registry'
import { createBroadcasts } from './broadcast/broadcasts'
import { createControlQueue } from './queue/control-queue'
import { pendingJobs } from './queue/pending-jobs'
import { createCommandRegistry } from './core/commands/command-registry'
import { pageJobId, replyPages } from './core/reply-pages'
import { createKeys, ttlMsOf } from './store/keys'
import type { RedisFactory } from './store/redis'
import { createRedisHealth, type RedisHealth } from './store/redis-health'
import { tellHqAboutRedisOutages, warnIfRedisForgets } from './hq/redis-notes'
import { createWechatAdapter, type BotHandlers, type WechatAdapter } from './wechat/adapter'
import type { InboundQr } from './wechat/to-inbound'
import type { QrReader } from './images/qr-reader'
import { effectivePolicy } from './core/rules'
import { createEventHold } from './wechat/event-hold'

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

export function createApp(deps: AppDeps): App {
  const { logger } = deps
  const keys = createKeys(deps.prefix)
  const redis = deps.redis.client()
  const registry = createGroupRegistry(redis, keys)
  let features: Feature[] = []

  const redisLog = logger.child({ part: 'redis' })
  const health = createRedisHealth({
    probe: async () => {
      await redis.set(keys.healthProbe(), String(deps.now()), 'PX', ttlMsOf('healthProbe'))
    },
    logger: redisLog,
    now: deps.now,
    retryMs: () => deps.config().redis.retryMs,
    maxRetryMs: () => deps.config().redis.maxRetryMs,
  })
  const unhearConnections = deps.redis.onError((err) => health.report(err, 'redis connection'))
  const hold = createEventHold({ health, cap: () => deps.config().redis.holdEvents, logger: redisLog })

  const outbound = createOutbound({
    redis: deps.redis,
    keys,
    account: deps.account,
    outbound: () => deps.config().outbound,
    timezone: () => deps.config().timezone,
    now: deps.now,
    rng: deps.rng,
    logger: logger.child({ part: 'outbound' }),
    perform: (action) => adapter.perform(action),
    lockMs: deps.lockMs,
    stalledCheckMs: deps.stalledCheckMs,
    health,
    hooks: {
      async shouldSend(data: OutboundJobData) {
        if (!(await broadcasts.shouldSend(data))) return false
        for (const f of features) if (f.shouldSend && !(await f.shouldSend(data))) return false
        return true
      },
      async onBreakerOpen(failures, pauseMs, lastError) {
        await ctx.tellHq(botMessages.breakerOpen(failures, pauseMs, lastError))
      },
    },
  })

  // Every message asks for the managed groups; with 1,000 groups reading and sorting them
  // each time dominated the bot's cost. Cache between registry writes and config changes,
  // and for at most a few seconds (another process may write the registry).
  let groupsCache: { version: number; config: Config; at: number; value: Promise<ManagedGroup[]> } | undefined
  const GROUPS_CACHE_MS = 5000
  function cachedGroups(): Promise<ManagedGroup[]> {
    const config = deps.config()
    const c = groupsCache
    if (c && c.version === registry.version() && c.config === config && deps.now() - c.at < GROUPS_CACHE_MS) return c.value
    const value = (async () => managedGroups(config, await registry.all(), await registry.tagOverrides()))()
    groupsCache = { version: registry.version(), config, at: deps.now(), value }
    value.catch(() => (groupsCache = undefined))
    return value
  }

  const control = createControlQueue({ redis: deps.redis, keys, name: 'ctl', logger: logger.child({ part: 'control' }), health })
  // every text for HQ: long ones as numbered pages (issue 8: a 58,942-character reply)
  const hqSay = async (roomId: string, text: string, jobId?: string) => {
    for (const [i, page] of replyPages(text, deps.config().outbound).entries()) {
      await ctx.act({ type: 'say', to: roomId, text: page }, 'hq', jobId ? { jobId: pageJobId(jobId, i) } : {})
    }
  }
  const broadcasts = createBroadcasts({
    redis,
    keys,
    config: deps.config,
    outbound,
    get view() {
      return adapter
    },
    logger: logger.child({ part: 'broadcast' }),
    now: deps.now,
    say: hqSay,
  })
  // outcomes are heard by broadcasts first, then by the features in their order (start())
  outbound.subscribe((jobId, data, outcome) => broadcasts.onOutcome(jobId, data, outcome))

  const ctx: AppContext = {
    config: deps.config,
    reloadConfig: deps.reloadConfig ? () => reload() : undefined,
    keys,
    redis,
    redisFactory: deps.redis,
    logger,
    now: deps.now,
    rng: deps.rng,
    get view() {
      return adapter
    },
    registry,
    outbound,
    act: (action, priority, opts = {}) =>
      outbound.enqueue(
        { action, priority, ...(opts.quiet ? { quiet: true } : {}), ...(opts.broadcastId ? { broadcastId: opts.broadcastId } : {}) },
        opts,
      ),
    groups: () => cachedGroups(),
    async tellHq(text, jobId) {
      for (const room of deps.config().hq.rooms) await hqSay(room, text, jobId ? `${jobId}-${room}` : undefined)
    },
    broadcasts,
    control,
    commands: createCommandRegistry(),
  }

  const redisNotes = { health, hold, config: deps.config, tellHq: ctx.tellHq, logger: redisLog }
  const untellHq = tellHqAboutRedisOutages(redisNotes)

  /** re-reads the config file; features hear of it only when it was accepted */
  async function reload(): Promise<string[] | undefined> {
    const problems = await deps.reloadConfig?.()
    if (problems) return problems
    for (const f of features) await f.onConfigReload?.().catch((err: Error) => logger.error({ err, feature: f.name }, 'config reload hook failed'))
    return undefined
  }

  let started = false
  /** members and topic changed: the registry follows WeChat */
  async function refreshGroup(roomId: string): Promise<void> {
    const g = await adapter.group(roomId)
    if (g) await registry.update(g, deps.now())
  }

  const handlers: BotHandlers = {
    async onMessage(m) {
      for (const f of features) if (f.onMessage && (await f.onMessage(m))) return
    },
    async onJoin(e) {
      await refreshGroup(e.roomId)
      for (const f of features) await f.onJoin?.(e)
    },
    async onLeave(e) {
      await refreshGroup(e.roomId)
      for (const f of features) await f.onLeave?.(e)
    },
    async onTopic(e) {
      await refreshGroup(e.roomId)
      for (const f of features) await f.onTopic?.(e)
    },
    async onFriendRequest(e) {
      for (const f of features) await f.onFriendRequest?.(e)
    },
    async onLogin(selfId) {
      await registry.sync(await adapter.listGroups(), deps.now())
      // sends wait while the account is offline and resume on login, losing nothing
      await outbound.resume()
      outbound.start()
      control.start()
      for (const f of features) await f.onLogin?.(selfId)
    },
    async onLogout() {
      // Wechaty reports a logout when we stop it ourselves; that is not the account going offline
      if (!started) return
      logger.warn('the account went offline: sends paused until it logs in again')
      await outbound.pause()
      for (const f of features) await f.onLogout?.()
    },
  }

  // images are read only where a QR code would matter: managed groups whose ad rules look for one
  const qr: InboundQr | undefined = deps.qr && {
    async shouldRead(roomId) {
      const group = (await cachedGroups()).find((g) => g.roomId === roomId)
      if (!group) return false
      const { ads } = effectivePolicy(deps.config().rules, group.entry?.rules)
      return ads.enabled && ads.qrImages
    },
    read: deps.qr.read,
  }
  const adapter = createWechatAdapter({ bot: deps.bot, logger, handlers: hold.wrap(handlers), now: deps.now, inbound: { qr } })

  const stopHealth = () => {
    unhearConnections()
    untellHq()
    hold.stop()
    health.stop()
  }

  return {
    ctx,
    adapter,
    health,
    reload,
    async start() {
      features = deps.features.map((make) => make(ctx))
      for (const f of features) if (f.onOutcome) outbound.subscribe(f.onOutcome.bind(f))
      for (const f of features) await f.start?.()
      await warnIfRedisForgets(redis, redisNotes)
      await deps.bot.start()
      started = true
    },
    async stop() {
      if (!started) return
      started = false
      stopHealth()
      await outbound.close()
      await control.close()
      for (const f of [...features].reverse()) await f.stop?.().catch((err: Error) => logger.warn({ err, feature: f.name }, 'feature stop failed'))
      await deps.bot.stop().catch((err: Error) => logger.warn({ err }, 'bot stop failed'))
      await deps.qr?.close()
      await deps.redis.closeAll()
    },
    async abandon() {
      started = false
      stopHealth()
      deps.redis.disconnectAll()
      await outbound.abandon()
      await control.abandon()
      await deps.bot.stop().catch(() => undefined)
      await deps.qr?.close()
    },
    async pendingWork(horizonMs) {
      return Object.values(await this.pendingDetail(horizonMs)).reduce((a, b) => a + b, 0)
    },
    async pendingDetail(horizonMs) {
      // `held`: events kept while Redis is unreachable, to be handled when it is back
      const detail: Record<string, number> = { handlers: adapter.pending(), held: hold.size() }
      detail[outbound.name] = await pendingJobs(outbound.queue, horizonMs)
      detail[control.name] = await control.count(horizonMs)
      for (const f of features) for (const fq of f.queues?.() ?? []) detail[fq.name] = (detail[fq.name] ?? 0) + (await fq.count(horizonMs))
      return detail
    },
  }
}
