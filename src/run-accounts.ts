import qrcodeTerminal from 'qrcode-terminal'
import type { Logger } from 'pino'
import type { WechatyInterface } from 'wechaty/impls'
import type { ProcessAccounts } from './accounts/process-accounts'
import { createApp } from './app'
import type { Config } from './config/schema'
import type { Env } from './config/env'
import { consoleSettingsFromEnv } from './http/console-host'
import { createQrReader, type QrReader } from './images/qr-reader'
import { createRedisFactory } from './store/redis'
import { createBot } from './wechat/create-bot'
import { reachPuppetService } from './wechat/puppet-endpoint'
import { createAccountsHost, type HostedAccount } from './wiring/accounts-host'
import { createProcessShare } from './wiring/process-share'

/** how long a puppet may stay logged out after an error before the account counts as crashed */
const CRASH_GRACE_MS = 30_000

/**
 * Settles when the bot's puppet crashed: an error after which the account is not logged in
 * again within `graceMs` (a puppet service reconnects by itself after a short break; one
 * that does not is restarted by the accounts host).
 */
export function puppetCrashed(bot: WechatyInterface, graceMs = CRASH_GRACE_MS): Promise<Error> {
  return new Promise((crashed) => {
    let timer: NodeJS.Timeout | undefined
    bot.on('error', (err) => {
      if (timer) return
      timer = setTimeout(() => {
        timer = undefined
        if (!bot.isLoggedIn) crashed(err)
      }, graceMs)
      timer.unref()
    })
  })
}

/**
 * `QUNHQ_ACCOUNTS=a1,a2,…` (or `accounts.list[].host`): the accounts in one process (issue
 * 23), each its own Wechaty and puppet token, sharing the Redis connections, the rules model,
 * the QR reader's threads, one metrics registry and one web console (the first account's,
 * which shows every account: the fleet is in Redis). Returns the exit code once `signal` stops it.
 */
export async function runSeveralAccounts(deps: {
  several: ProcessAccounts
  env: Env
  config: () => Config
  reloadConfig: () => Promise<string[] | undefined>
  redisUrl: string
  logger: Logger
  signal: AbortSignal
  flags: string[]
}): Promise<number> {
  const { env, logger, several } = deps
  const share = createProcessShare(createRedisFactory(deps.redisUrl), { processMetrics: true })
  const qrReader = createQrReader({ config: () => deps.config().images, logger: logger.child({ part: 'images' }) })
  // one reader for the process: an account's stop neither closes it nor answers the others' waiting images
  const qr: QrReader = { ...qrReader, giveUpWaiting: () => 0, close: async () => undefined }
  const [firstId] = several.ids
  // one account's stray error is logged, not the end of the others (its puppet's are contained by the host)
  const contain = (what: string) => (err: unknown) => logger.error({ err }, `${what} (contained: the other accounts go on)`)
  process.on('unhandledRejection', contain('unhandled rejection'))
  process.on('uncaughtException', contain('uncaught exception'))

  async function start(id: string): Promise<HostedAccount> {
    const log = logger.child({ account: id })
    const token = several.tokens.get(id)
    let endpoint: string | undefined
    if (env.WECHATY_PUPPET === 'wechaty-puppet-service' && token) {
      endpoint = await reachPuppetService({ token, endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT, logger: log, signal: deps.signal })
      if (!endpoint) throw new Error('the puppet service was not reached')
    }
    const bot = createBot({ ...env, ...(token ? { WECHATY_PUPPET_SERVICE_TOKEN: token } : {}) }, { name: `qunhq-${id}`, ...(endpoint ? { endpoint } : {}) })
    bot.on('scan', (qrcode, status) => {
      log.info({ status }, `scan the QR code with the WeChat account ${id}`)
      qrcodeTerminal.generate(qrcode, { small: true }, (art: string) => process.stdout.write(`[${id}]\n${art}\n${qrcode}\n`))
    })
    let refused!: (err: Error) => void
    const crashed = Promise.race([puppetCrashed(bot), new Promise<Error>((done) => (refused = done))])
    const app = createApp({
      bot,
      redis: share.redis,
      prefix: env.QUNHQ_PREFIX ?? 'qunhq',
      account: id,
      multiAccount: true,
      standby: deps.flags.includes('--standby') || env.QUNHQ_STANDBY === 'true',
      rebindWechat: deps.flags.includes('--rebind'),
      signal: deps.signal,
      onRefused: (line) => refused(new Error(line)),
      config: deps.config,
      reloadConfig: deps.reloadConfig,
      logger: log,
      now: Date.now,
      rng: Math.random,
      plugins: share.plugins(),
      qr,
      metrics: share.metricsFor(id),
      ...(env.HTTP_PORT && id === firstId ? { http: { ...consoleSettingsFromEnv(env, env.HTTP_PORT), metrics: share.metrics } } : {}),
    })
    try {
      await app.start()
    } catch (err) {
      await app.stop().catch(() => undefined)
      throw err
    }
    return { app, crashed, stop: () => app.stop() }
  }

  const host = createAccountsHost({ ids: several.ids, start, logger })
  const onHup = () => void Promise.all([...host.running().values()].map((a) => a.app.reload()))
  process.on('SIGHUP', onHup)
  try {
    await host.start()
    const url = host.running().get(firstId ?? '')?.app.consoleUrl()
    logger.info({ puppet: env.WECHATY_PUPPET, accounts: several.ids, running: [...host.running().keys()], console: url, redisConnections: share.connections() }, 'QunHQ is running')
    if (url) process.stdout.write(`web console: ${url}\n`)
    if (!deps.signal.aborted) await new Promise<void>((done) => deps.signal.addEventListener('abort', () => done(), { once: true }))
    logger.info('stopping: finishing the jobs in hand')
    await host.stop()
    return 0
  } finally {
    process.off('SIGHUP', onHup)
    await qrReader.close()
    await share.close()
  }
}
