import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { PuppetServer } from 'wechaty-puppet-service'
import { createApp, type App, type AppDeps } from '../app'
import type { Config } from '../config/schema'
import { defaultPlugins } from '../plugins'
import { createRedisFactory } from '../store/redis'
import { createBot } from '../wechat/create-bot'
import { createQrReader, type QrReader } from '../images/qr-reader'
import { freePort } from '../net/free-port'
import { PuppetSim } from './puppet-sim'
import type { SimWorld } from './world'
import type { Plugin } from '../plugin'
import { settle, type PendingSource } from './settle'
import { AccountRefusedError } from '../wiring/account-hold'

export interface SimBotOptions {
  world: SimWorld
  /** the bot account this bot logs in as (default the world's primary) */
  botId?: string
  /** the account name in queues and keys (`out-<account>`); default `sim` */
  account?: string
  config: () => Config
  redisUrl: string
  prefix: string
  logger: Logger
  /** `direct`: Wechaty on the simulated puppet; `service`: through PuppetServer + wechaty-puppet-service on loopback, as a real account connects */
  mode?: 'direct' | 'service'
  rng?: () => number
  now?: () => number
  /** a virtual clock's wait (see AppDeps): pacing gaps follow that clock */
  waitUntil?: AppDeps['waitUntil']
  plugins?: Plugin[]
  lockMs?: number
  stalledCheckMs?: number
  /** the web console (port 0: a free one; `app.consoleUrl()` tells where) */
  http?: AppDeps['http']
  /** one account, one process (issue 17): a standby waits for the account's holder to go */
  standby?: boolean
  /** the process this bot plays (default: this one, with a fresh token): tests play another host's */
  identity?: AppDeps['identity']
  /** ends a standby's wait */
  signal?: AbortSignal
}

export interface SimBot extends PendingSource {
  app: App
  /** the bot's QR reader (tests read its counters) */
  qr: QrReader
  stop(): Promise<void>
  abandon(): Promise<void>
  /**
   * What is left to do, per place: `in transit` (events the world emitted that Wechaty has
   * not yet handed to the bot), `handlers` running, and jobs per queue due within `horizonMs`.
   */
  pending(horizonMs: number): Promise<Record<string, number>>
  /** resolves when all the work is done; throws `SettleTimeoutError` after `timeoutMs` */
  /** `aheadMs`: how far ahead a delayed job counts (by default the time left of `timeoutMs`) */
  settled(timeoutMs: number, signal?: AbortSignal, aheadMs?: number): Promise<void>
  /** resolves when every event the world emitted has reached the bot and its handlers finished (jobs may remain) */
  delivered(timeoutMs: number): Promise<void>
}

const LOGIN_WAIT_MS = 60_000

/** Starts the whole bot on a simulated world and resolves once it is logged in and synced. */
export async function startSimBot(opts: SimBotOptions): Promise<SimBot> {
  const puppet = new PuppetSim(opts.world, {}, opts.botId, { served: opts.mode === 'service' })
  let server: PuppetServer | undefined
  let bot
  if (opts.mode === 'service') {
    const token = `insecure_qunhq_sim_${randomBytes(6).toString('hex')}`
    const endpoint = `127.0.0.1:${await freePort()}`
    server = new PuppetServer({ endpoint, puppet, token, tls: { disable: true } })
    await server.start()
    bot = createBot({
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint,
      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
    } as never)
  } else {
    bot = createBot({} as never, { puppet })
  }
  const redis = createRedisFactory(opts.redisUrl)
  let loggedIn!: () => void
  let refused!: (err: Error) => void
  const ready = new Promise<void>((done, fail) => ((loggedIn = done), (refused = fail)))
  const qr = createQrReader({ config: () => opts.config().images, logger: opts.logger.child({ part: 'images' }) })
  const simReady: Plugin = { name: 'sim-ready', apply: (ctx) => void ctx.on('login', async () => loggedIn()) }
  const plugins = [...(opts.plugins ?? defaultPlugins()), simReady]
  const app = createApp({
    bot,
    redis,
    prefix: opts.prefix,
    account: opts.account ?? 'sim',
    // a named account is one of several in the world (run-scenario names them only then)
    ...(opts.account ? { multiAccount: true } : {}),
    config: opts.config,
    logger: opts.logger,
    now: opts.now ?? Date.now,
    ...(opts.waitUntil ? { waitUntil: opts.waitUntil } : {}),
    rng: opts.rng ?? Math.random,
    plugins,
    lockMs: opts.lockMs,
    stalledCheckMs: opts.stalledCheckMs,
    qr,
    ...(opts.http ? { http: opts.http } : {}),
    ...(opts.standby ? { standby: true } : {}),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    // another WeChat than the account's: the bot never becomes ready
    onRefused: (line) => refused(new AccountRefusedError(line)),
  })
  try {
    await app.start()
    if (opts.signal?.aborted) throw new Error('stopped while waiting as a standby')
    // generous: a loaded machine takes seconds to start Wechaty; only a bot that never logs in meets it
    await withTimeout(ready, LOGIN_WAIT_MS, `the simulated bot ${opts.botId ?? opts.world.botId} did not log in within ${LOGIN_WAIT_MS / 1000} s`)
  } catch (err) {
    // refused (the account is held, or another WeChat logged in): nothing of it stays open
    await app.stop().catch(() => undefined)
    await server?.stop().catch(() => undefined)
    throw err
  }
  const simBot: SimBot = {
    app,
    qr,
    async pending(horizonMs) {
      const received = app.adapter.received()
      const emitted = puppet.emitted()
      // an event Wechaty could not load arrives as an `error` instead of its own kind
      let transit = -(received.error ?? 0)
      for (const [kind, n] of Object.entries(emitted)) transit += Math.max(0, n - (received[kind] ?? 0))
      return { 'in transit': Math.max(0, transit), ...(await app.pendingDetail(horizonMs)) }
    },
    settled: (timeoutMs, signal, aheadMs) => settle(simBot, timeoutMs, signal, undefined, undefined, aheadMs),
    delivered: (timeoutMs) => settle(simBot, timeoutMs, undefined, ['in transit', 'handlers']),
    async stop() {
      // graceful: the events WeChat already sent reach the bot and their handlers finish
      // (what they enqueue stays in Redis for the next process); stopping under a running
      // handler would fail it on a closed Redis connection; images waiting for a QR check
      // are answered "unchecked" first (HQ reviews them), or their messages would wait on
      qr.giveUpWaiting()
      await simBot.delivered(10_000).catch((err: Error) => opts.logger.warn({ err: err.message }, 'stopping with work in hand'))
      await app.stop()
      await server?.stop()
    },
    async abandon() {
      // the process "dies": the puppet stops hearing the world and the world stops hearing it
      puppet.abandon()
      await app.abandon()
      await server?.stop().catch(() => undefined)
    },
  }
  return simBot
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(what)), ms)))])
  } finally {
    clearTimeout(timer)
  }
}
