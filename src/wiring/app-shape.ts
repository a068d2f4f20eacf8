import type { Logger } from 'pino'
import type { WechatyInterface } from 'wechaty/impls'
import type { Config } from '../config/schema'
import type { AppContext } from '../feature'
import type { Plugin } from '../plugin'
import type { QrReader } from '../images/qr-reader'
import type { RedisFactory } from '../store/redis'
import type { RedisHealth } from '../store/redis-health'
import type { ConsoleAuth } from '../store/console-auth'
import type { WechatAdapter } from '../wechat/adapter'
import type { Metrics } from '../metrics/metrics'
import type { PluginHost } from './plugin-host'
import type { ProcessIdentity } from '../accounts/process-identity'

/** What one bot is made from, and what it offers the process (main.ts, the simulator). */
export interface AppDeps {
  bot: WechatyInterface
  redis: RedisFactory
  /** Redis key prefix and BullMQ prefix; one per deployment (and per test) */
  prefix: string
  /** the account's queue name part (one paced queue per account) */
  account: string
  /** several accounts share the system even without `accounts.list` (the simulator's multi-bot worlds) */
  multiAccount?: boolean
  config: () => Config
  /** re-reads the config file; returns the problems when the new config is refused */
  reloadConfig?: () => Promise<string[] | undefined>
  logger: Logger
  now: () => number
  /** a virtual clock's wait (the simulator): pacing gaps are waited on `now`, see OutboundDeps */
  waitUntil?: (at: number, queueName: string) => Promise<void>
  rng: () => number
  /** the plugins, in order (src/plugins/index.ts `defaultPlugins()`: the complete list) */
  plugins: readonly Plugin[]
  /** reads QR codes from images in managed groups that check for them; closed by `stop()` */
  qr?: QrReader
  /** the web console (src/http): started with the app when set; port 0 takes a free port */
  http?: {
    port: number
    host?: string
    /** at least 32 characters (the console refuses to start otherwise) */
    adminToken?: string
    /** HTTP_TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed; unset: none */
    trustProxy?: string
    /** served at /metrics to admins instead of the app's own `metrics` (prom-client's shape) */
    metrics?: { contentType: string; metrics(): Promise<string> }
  }
  /** BullMQ lock timings (small in crash tests) */
  lockMs?: number
  stalledCheckMs?: number
  /** the app's Prometheus registry (made here when absent); `main` may add process metrics */
  metrics?: Metrics
  /**
   * One account, one process (issue 17): while another process holds the account, wait for
   * it to go (`--standby`) instead of refusing (`start()` throws `AccountRefusedError`).
   */
  standby?: boolean
  /** ends a standby's wait (the process is stopping): `start()` then returns without serving */
  signal?: AbortSignal
  /** this process as the account lease records it (default: this host and pid, a fresh token) */
  identity?: ProcessIdentity
  /** record this login's WeChat id as the account's (the operator replaced its WeChat: `--rebind`) */
  rebindWechat?: boolean
  /**
   * The app stopped serving while running: its lease was taken over, or WeChat logged in as
   * another account than the one recorded. `line` says so; the process should exit 1.
   */
  onRefused?: (line: string) => void
}

export interface App {
  ctx: AppContext
  /** the running plugins: a test may unload and re-apply one */
  plugins: PluginHost
  adapter: WechatAdapter
  /** whether Redis takes writes; the queues pause and WeChat events are held while it fails */
  health: RedisHealth
  /** sends, queue depth, pacing, breaker, messages, verdicts, Redis errors: what `/metrics` serves */
  metrics: Metrics
  /** the web console's address while it runs (`deps.http` set), else undefined */
  consoleUrl(): string | undefined
  /** the console's sign-in links and sessions (the demo signs its admin in with a link) */
  consoleAuth: ConsoleAuth
  /** takes the account (or throws `AccountRefusedError`; a standby waits), then starts the plugins and the bot */
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
