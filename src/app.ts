import { createMetrics } from './metrics/metrics'
import { createKeys, deploymentPrefix } from './store/keys'
import { createWechatAdapter } from './wechat/adapter'
import type { App, AppDeps } from './wiring/app-shape'
import { createAppContext } from './wiring/app-context'
import { createBotHandlers } from './wiring/bot-handlers'
import { countHandledMessages, wireAppMetrics } from './wiring/app-metrics'
import { inboundQr } from './wiring/inbound-qr'
import { createPluginHost } from './wiring/plugin-host'
import { pendingDetail } from './wiring/pending-work'
import { createRedisWatch } from './wiring/redis-watch'
import { servingGate } from './wiring/serving-gate'
import { createFleetAndRegistry } from './wiring/fleet-registry'
import { createConsoleHost } from './http/console-host'
import { createAccountGuard } from './wiring/account-guard'
import { createMediaLibrary } from './media/media-library'

export type { App, AppDeps } from './wiring/app-shape'

/** waits (at most `ms`) until the WeChat handlers in flight are done */
async function handlersDone(adapter: { pending(): number }, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (adapter.pending() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
}

/** Wiring of one bot: Redis health, the context every plugin gets, the plugins, the WeChat adapter. */
export function createApp(deps: AppDeps): App {
  const { logger, now, config } = deps
  // on a Redis Cluster the prefix becomes a hash tag: one slot per deployment (docs/architecture.md)
  const keys = createKeys(deploymentPrefix(deps.prefix, deps.redis.cluster))
  const client = deps.redis.client()
  const { fleet, registry } = createFleetAndRegistry({ client, keys, account: deps.account, config, now, multiAccount: deps.multiAccount, logger })
  const watch = createRedisWatch({ redis: deps.redis, client, keys, config, logger, now, tellHq: (text, jobId) => ctx.hq.say(text, jobId) })
  const reloadConfig = deps.reloadConfig ? () => reload() : undefined
  const metrics = deps.metrics ?? createMetrics()
  const media = createMediaLibrary(config)
  const ctx = createAppContext({ ...deps, client, keys, registry, fleet, health: watch.health, adapter: () => adapter, shouldSend: (data) => plugins.shouldSend(data), reload: reloadConfig, metrics, media })
  const unwireMetrics = wireAppMetrics(metrics, { ctx, health: watch.health, account: deps.account })
  const web = createConsoleHost({ ctx, client, keys, account: deps.account, logger, metrics, settings: deps.http })
  // what plugins use but no plugin makes: the fleet (the accounts plugin), the console (#控制台), the media library
  const plugins = createPluginHost(ctx, deps.plugins, { fleet, console: { url: web.url, auth: web.auth, page: web.page }, media })
  // one account, one process, one WeChat (issue 17)
  const guard = createAccountGuard({ ...deps, client, keys, queues: ctx })
  let started = false
  let stopped = false
  const botHandlers = createBotHandlers({ ctx, plugins, adapter: () => adapter, started: () => started, admit: guard.admit, refuse: guard.refuse })
  const handlers = countHandledMessages(botHandlers, metrics, () => config().hq.rooms)
  const adapter = createWechatAdapter({ bot: deps.bot, logger, handlers: watch.hold.wrap(servingGate(fleet, handlers, () => adapter.selfId())), now, inbound: { qr: inboundQr(ctx, deps.qr) } })

  const pending = (horizonMs: number) => pendingDetail({ ctx, adapter, plugins, held: () => watch.hold.size() }, horizonMs)

  /** re-reads the config file; plugins hear of it only when it was accepted */
  const reload = async () => {
    const problems = await deps.reloadConfig?.()
    if (!problems) await plugins.configReloaded()
    return problems
  }
  /** the edges first (the console, the Redis watch, metrics): no request may reach a store that is closing */
  const quietEdges = async () => {
    await web.close()
    watch.stop()
    unwireMetrics()
  }

  return {
    ctx,
    plugins,
    adapter,
    health: watch.health,
    metrics,
    reload,
    consoleUrl: web.url,
    consoleAuth: web.auth,
    async start() {
      // a standby told to stop while it waited: nothing started
      if (!(await guard.acquire())) return
      await plugins.start()
      await guard.settlePredecessor()
      await watch.warnIfForgets()
      await deps.bot.start()
      started = true
      await web.start()
    },
    async stop() {
      if (stopped) return
      stopped = true
      if (started) {
        started = false
        // images waiting for a QR check are answered now (unchecked: HQ reviews them), and
        // their messages get a moment to go through the rules before Redis closes
        if (deps.qr && deps.qr.giveUpWaiting() > 0) await handlersDone(adapter, 5000)
        await quietEdges()
        await ctx.outbound.close()
        await ctx.control.close()
        await plugins.stop()
        await deps.bot.stop().catch((err: Error) => logger.warn({ err }, 'bot stop failed'))
        await deps.qr?.close()
      }
      // after the job in hand: a standby may take over at once
      await guard.release()
      await deps.redis.closeAll()
    },
    async abandon() {
      stopped = true
      started = false
      await guard.abandon()
      await quietEdges()
      deps.redis.disconnectAll()
      await ctx.outbound.abandon()
      await ctx.control.abandon()
      await deps.bot.stop().catch(() => undefined)
      await deps.qr?.close()
    },
    wentOffline: () => botHandlers.onLogout(),
    pendingWork: async (horizonMs) => Object.values(await pending(horizonMs)).reduce((a, b) => a + b, 0),
    pendingDetail: pending,
  }
}
