import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createBroadcasts } from '../broadcast/broadcasts'
import type { MediaLibrary } from '../media/media-library'
import type { Config } from '../config/schema'
import { createCommandRegistry } from '../core/commands/command-registry'
import type { AppContext } from '../feature'
import { botMessages } from '../texts'
import { createHqVoice } from '../outbound/hq-voice'
import { createOutbound, type OutboundJobData } from '../outbound/outbound-queue'
import { createControlQueue } from '../queue/control-queue'
import { createCachedGroups } from '../store/cached-groups'
import type { GroupRegistry } from '../store/group-registry'
import type { Keys } from '../store/keys'
import type { Fleet } from '../accounts/fleet'
import type { RedisFactory } from '../store/redis'
import type { RedisHealth } from '../store/redis-health'
import { createStores } from '../store/stores'
import type { WechatAdapter } from '../wechat/adapter'
import type { Metrics } from '../metrics/metrics'

/**
 * What every feature gets (`AppContext`): the paced outbound queue, the control queue,
 * broadcasts, the cached managed groups, HQ's voice. The adapter and the plugins are
 * read late: they are made after the context.
 */
export function createAppContext(deps: {
  redis: RedisFactory
  client: Redis
  keys: Keys
  registry: GroupRegistry
  /** this account among several (issue 11): routing to serving accounts, its own pacing and cap */
  fleet: Fleet
  account: string
  config: () => Config
  logger: Logger
  now: () => number
  waitUntil?: (at: number, queueName: string) => Promise<void>
  rng: () => number
  health: RedisHealth
  adapter: () => WechatAdapter
  /** the plugins' veto (read late: the plugins are made after the context) */
  shouldSend: (data: OutboundJobData) => Promise<boolean>
  reload: (() => Promise<string[] | undefined>) | undefined
  lockMs?: number
  stalledCheckMs?: number
  metrics?: Metrics
  /** the media library (src/media): broadcasts send `[素材:…]` with it; plugins get it as the service `media` */
  media: MediaLibrary
}): AppContext {
  const { keys, logger, config } = deps
  const outbound = createOutbound({
    redis: deps.redis,
    keys,
    account: deps.account,
    outbound: () => deps.fleet.outbound(),
    route: (target) => deps.fleet.route(target),
    timezone: () => config().timezone,
    now: deps.now,
    ...(deps.waitUntil ? { waitUntil: deps.waitUntil } : {}),
    rng: deps.rng,
    logger: logger.child({ part: 'outbound' }),
    perform: (action) => deps.fleet.watchSend(() => deps.adapter().perform(action)),
    lockMs: deps.lockMs,
    stalledCheckMs: deps.stalledCheckMs,
    health: deps.health,
    metrics: deps.metrics,
    hooks: {
      async shouldSend(data) {
        if (!(await broadcasts.shouldSend(data))) return false
        return deps.shouldSend(data)
      },
      async onBreakerOpen(failures, pauseMs, lastError) {
        await ctx.hq.say(botMessages.breakerOpen(failures, pauseMs, lastError))
      },
    },
  })
  const control = createControlQueue({ redis: deps.redis, keys, name: 'ctl', logger: logger.child({ part: 'control' }), health: deps.health })
  // every text for HQ: long ones as numbered pages (issue 8: a 58,942-character reply)
  const hq = createHqVoice({ config, act: (action, priority, opts) => ctx.act(action, priority, opts) })
  const broadcasts = createBroadcasts({
    redis: deps.client,
    keys,
    config,
    outbound,
    get view() {
      return deps.adapter()
    },
    logger: logger.child({ part: 'broadcast' }),
    now: deps.now,
    say: hq.sayIn,
    media: deps.media,
  })
  // outcomes are heard by broadcasts first, then by the plugins in their order (as they are applied)
  outbound.subscribe((jobId, data, outcome) => broadcasts.onOutcome(jobId, data, outcome))

  const ctx: AppContext = {
    config,
    reloadConfig: deps.reload,
    stores: createStores({ redis: deps.client, keys, logger: logger.child({ part: 'store' }), timeZone: () => config().timezone, now: deps.now }),
    logger,
    now: deps.now,
    rng: deps.rng,
    get view() {
      return deps.adapter()
    },
    registry: deps.registry,
    outbound,
    act: (action, priority, opts = {}) =>
      outbound.enqueue(
        { action, priority, ...(opts.quiet ? { quiet: true } : {}), ...(opts.broadcastId ? { broadcastId: opts.broadcastId } : {}) },
        opts,
      ),
    groups: createCachedGroups({ registry: deps.registry, config, now: deps.now }),
    hq,
    broadcasts,
    control,
    commands: createCommandRegistry(),
    metrics: deps.metrics,
  }
  return ctx
}
