import { createMetrics } from './metrics/metrics'
import { createGroupRegistry } from './store/group-registry'
import { createKeys } from './store/keys'
import { logRefused } from './store/stored-json'
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
import { createFleet } from './accounts/fleet'
import { accountsFeature } from './fleet/accounts-feature'
import { fromFeature } from './plugin'
import { startConsole, type ConsoleServer } from './http/console-server'
import { consoleCommand } from './hq/console-command'
import { createConsoleAuth } from './store/console-auth'

export type { App, AppDeps } from './wiring/app-shape'

/** Wiring of one bot: Redis health, the context every plugin gets, the plugins, the WeChat adapter. */
export function createApp(deps: AppDeps): App {
  const { logger, now, config } = deps
  const keys = createKeys(deps.prefix)
  const client = deps.redis.client()
  const onBad = logRefused(logger.child({ part: 'store' }))
  const fleet = createFleet({ redis: client, keys, account: deps.account, config, now, multiAccount: deps.multiAccount, onBad })
  const registry = createGroupRegistry(client, keys, onBad, (ids) =>
    fleet.enabled() ? fleet.serving.heldElsewhere(ids) : Promise.resolve(new Set<string>()),
  )
  const watch = createRedisWatch({ redis: deps.redis, client, keys, config, logger, now, tellHq: (text, jobId) => ctx.tellHq(text, jobId) })
  const reloadConfig = deps.reloadConfig ? () => reload() : undefined
  const metrics = deps.metrics ?? createMetrics()
  const ctx = createAppContext({ ...deps, client, keys, registry, fleet, health: watch.health, adapter: () => adapter, shouldSend: (data) => plugins.shouldSend(data), reload: reloadConfig, metrics })
  const unwireMetrics = wireAppMetrics(metrics, { ctx, health: watch.health, account: deps.account })
  let web: ConsoleServer | undefined
  const consoleAuth = createConsoleAuth(client, keys)
  // the accounts plugin first: at login the account is registered before any other plugin acts
  const plugins = createPluginHost(ctx, [fromFeature('accounts', accountsFeature(fleet)), ...deps.plugins, fromFeature('console-command', consoleCommand(() => web?.url, consoleAuth))])
  let started = false
  const handlers = countHandledMessages(createBotHandlers({ ctx, plugins, adapter: () => adapter, started: () => started }), metrics, () => config().hq.rooms)
  const adapter = createWechatAdapter({ bot: deps.bot, logger, handlers: watch.hold.wrap(servingGate(fleet, handlers, () => adapter.selfId())), now, inbound: { qr: inboundQr(ctx, deps.qr) } })

  /** re-reads the config file; plugins hear of it only when it was accepted */
  async function reload(): Promise<string[] | undefined> {
    const problems = await deps.reloadConfig?.()
    if (!problems) await plugins.configReloaded()
    return problems
  }

  return {
    ctx,
    plugins,
    adapter,
    health: watch.health,
    metrics,
    reload,
    consoleUrl: () => web?.url,
    consoleAuth,
    async start() {
      await plugins.start()
      await watch.warnIfForgets()
      await deps.bot.start()
      started = true
      if (deps.http) {
        web = await startConsole({
          ctx,
          // the console is an edge like WeChat: it reads Redis itself (sessions, pacing keys, lists)
          redis: client,
          keys,
          auth: consoleAuth,
          account: deps.account,
          logger: logger.child({ part: 'http' }),
          port: deps.http.port,
          host: deps.http.host,
          adminToken: deps.http.adminToken,
          metrics: deps.http.metrics ?? metrics,
        })
      }
    },
    async stop() {
      if (!started) return
      started = false
      // the console first: no request may reach a store that is closing
      await web?.close()
      web = undefined
      watch.stop()
      unwireMetrics()
      await ctx.outbound.close()
      await ctx.control.close()
      await plugins.stop()
      await deps.bot.stop().catch((err: Error) => logger.warn({ err }, 'bot stop failed'))
      await deps.qr?.close()
      await deps.redis.closeAll()
    },
    async abandon() {
      started = false
      await web?.close()
      web = undefined
      watch.stop()
      unwireMetrics()
      deps.redis.disconnectAll()
      await ctx.outbound.abandon()
      await ctx.control.abandon()
      await deps.bot.stop().catch(() => undefined)
      await deps.qr?.close()
    },
    async pendingWork(horizonMs) {
      return Object.values(await this.pendingDetail(horizonMs)).reduce((a, b) => a + b, 0)
    },
    pendingDetail: (horizonMs) => pendingDetail({ ctx, adapter, plugins, held: () => watch.hold.size() }, horizonMs),
  }
}
