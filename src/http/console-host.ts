import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { AppContext } from '../feature'
import { createConsoleAuth, type ConsoleAuth } from '../store/console-auth'
import type { Keys } from '../store/keys'
import { logRefused } from '../store/stored-json'
import type { ConsolePageSpec, Disposer } from '../plugin'
import type { ConsoleServer, MetricsSource } from './console-server'
import { createPluginPages } from './plugin-pages'

/** Where the console listens (AppDeps.http); port 0 takes a free port. */
export interface ConsoleSettings {
  port: number
  /** default 127.0.0.1 */
  host?: string
  /** at least 32 characters (the console refuses to start otherwise) */
  adminToken?: string
  /** HTTP_TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed */
  trustProxy?: string
  /** served at /metrics to admins instead of the app's own registry */
  metrics?: MetricsSource
}

/** The web console of one bot: its sign-in store and the server's life (the app offers both to `#控制台` as the service `console`). */
export interface ConsoleHost {
  auth: ConsoleAuth
  url(): string | undefined
  /** a plugin's console page (`ConsoleService.page`); kept whether or not the server runs */
  page(spec: ConsolePageSpec): Disposer
  /** starts the server when `settings` is set; after the bot has started */
  start(): Promise<void>
  close(): Promise<void>
}

export function createConsoleHost(deps: {
  ctx: AppContext
  /** the console is an edge like WeChat: it reads Redis itself (sessions, pacing keys, lists) */
  client: Redis
  keys: Keys
  account: string
  logger: Logger
  metrics: MetricsSource
  settings: ConsoleSettings | undefined
}): ConsoleHost {
  const auth = createConsoleAuth(deps.client, deps.keys, logRefused(deps.logger.child({ part: 'store' })))
  const pages = createPluginPages()
  let web: ConsoleServer | undefined
  return {
    auth,
    page: (spec) => pages.add(spec),
    url: () => web?.url,
    async start() {
      const s = deps.settings
      if (!s) return
      // fastify, bull-board and chart.js load only for a console that runs (issue 23)
      const { startConsole } = await import('./console-server')
      web = await startConsole({
        ctx: deps.ctx,
        redis: deps.client,
        keys: deps.keys,
        auth,
        account: deps.account,
        logger: deps.logger.child({ part: 'http' }),
        port: s.port,
        host: s.host,
        adminToken: s.adminToken,
        trustProxy: s.trustProxy,
        metrics: s.metrics ?? deps.metrics,
        pages,
      })
    },
    async close() {
      const w = web
      web = undefined
      await w?.close()
    },
  }
}

/**
 * The console's settings from the environment, on `port`: HTTP_HOST (default 127.0.0.1: a
 * console on every interface is a choice, made behind a reverse proxy), ADMIN_TOKEN,
 * HTTP_TRUST_PROXY. Used by `npm start`, the demo and `npm run sim`.
 */
export function consoleSettingsFromEnv(env: { HTTP_HOST?: string | undefined; ADMIN_TOKEN?: string | undefined; HTTP_TRUST_PROXY?: string | undefined }, port: number): ConsoleSettings {
  return {
    port,
    host: env.HTTP_HOST ?? '127.0.0.1',
    ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}),
    ...(env.HTTP_TRUST_PROXY ? { trustProxy: env.HTTP_TRUST_PROXY } : {}),
  }
}
