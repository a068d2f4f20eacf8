/**
 * Wiring only: config → logger → Redis → bot → workers; signals.
 * With no WECHATY_PUPPET it runs the simulated WeChat demo.
 */
import { existsSync, readFileSync } from 'node:fs'
import { config as loadDotenv } from 'dotenv'
import qrcodeTerminal from 'qrcode-terminal'
import { createApp } from './app'
import { createConfigReloader } from './config/config-reloader'
import { consoleSettingsFromEnv } from './http/console-host'
import { defaultPlugins } from './plugins'
import { createLogger, createSecretScrubber } from './logger'
import { createMetrics } from './metrics/metrics'
import { oneLine, runDemo } from './sim/demo'
import { ensureRedis, RedisUnavailableError } from './store/embedded-redis'
import { createRedisFactory } from './store/redis'
import { redisUrlPassword } from './store/redis-target'
import { createBot } from './wechat/create-bot'
import { createQrReader } from './images/qr-reader'
import { reachPuppetService } from './wechat/puppet-endpoint'
import { routeConsole, routeWechatyLogs } from './wechat/wechaty-log'
import { readStartupConfig } from './wiring/startup-config'
import { AccountRefusedError } from './wiring/account-hold'

const readIfExists = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined)

/** blanks secret values; set once the environment is read (a crash's stack goes through it too) */
let scrub = (text: string) => text

async function main(): Promise<number> {
  loadDotenv({ quiet: true })
  const startup = readStartupConfig(process.env, readIfExists, existsSync)
  if ('refusal' in startup) {
    process.stderr.write(startup.refusal)
    return 2
  }
  const { loaded } = startup
  const { env } = loaded
  const demo = !env.WECHATY_PUPPET
  // secret values are blanked in every line, wherever they appear (URLs, messages, stacks)
  scrub = createSecretScrubber([env.WECHATY_PUPPET_SERVICE_TOKEN, env.ADMIN_TOKEN, redisUrlPassword(env.REDIS_URL)])
  // the demo prints the groups on stdout, so its logs go to stderr and only warnings show
  const logger = createLogger({ level: env.LOG_LEVEL ?? (demo ? 'warn' : 'info'), fd: demo ? 2 : 1, scrub })
  // Wechaty, its puppets, wechaty-token and grpc-js print on their own: through our logger instead
  routeWechatyLogs(logger)
  routeConsole(logger)
  for (const warning of loaded.warnings) logger.warn({ file: loaded.configPath }, warning)

  let redisEndpoint
  try {
    redisEndpoint = await ensureRedis({ url: env.REDIS_URL, dataDir: env.QUNHQ_DATA_DIR ?? 'data', logger })
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      process.stderr.write(`${err.message}\n`)
      return 1
    }
    throw err
  }

  const stop = new AbortController()
  const untilStopped = new Promise<void>((done) => stop.signal.addEventListener('abort', () => done(), { once: true }))
  // One Ctrl-C in a terminal reaches the bot twice: the terminal signals the whole process
  // group, and `npm start` forwards what it got. A repeat within this window is that same
  // Ctrl-C; only a later one is the operator's "exit now".
  const SAME_SIGNAL_MS = 1000
  let firstSignalAt = 0
  const onSignal = (name: string) => {
    if (stop.signal.aborted && Date.now() - firstSignalAt < SAME_SIGNAL_MS) return
    if (stop.signal.aborted) {
      process.stderr.write(`${name} again: exiting without waiting\n`)
      process.exit(130)
    }
    process.stderr.write(`${name}: stopping (finishing the job in hand)…\n`)
    firstSignalAt = Date.now()
    stop.abort()
  }
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))

  try {
    if (demo) {
      const demoRun = runDemo({
        redisUrl: redisEndpoint.url,
        logger,
        scenarioPath: 'scenarios/demo.yaml',
        configPath: 'config/demo.yaml',
        out: process.stdout,
        color: process.stdout.isTTY === true,
        signal: stop.signal,
        ...(env.HTTP_PORT ? { httpPort: env.HTTP_PORT } : {}),
        env,
      })
      try {
        await demoRun
      } catch (err) {
        // one line for whoever ran `npm start`; the stack for a developer (LOG_LEVEL=debug)
        logger.debug({ err }, 'the demo stopped')
        process.stderr.write(scrub(`演示中止：${oneLine(err as Error)}\n`))
        return 1
      }
      return 0
    }

    const configs = createConfigReloader({ initial: loaded.config, env: process.env, readFile: readIfExists, fileExists: existsSync, logger, file: loaded.configPath })

    let endpoint: string | undefined
    if (env.WECHATY_PUPPET === 'wechaty-puppet-service' && env.WECHATY_PUPPET_SERVICE_TOKEN) {
      endpoint = await reachPuppetService({
        token: env.WECHATY_PUPPET_SERVICE_TOKEN,
        endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT,
        logger,
        signal: stop.signal,
      })
      if (!endpoint) {
        logger.info('stopped before the puppet service was reached')
        return 0
      }
    }
    const bot = createBot(env, { name: 'qunhq', ...(endpoint ? { endpoint } : {}) })
    bot.on('scan', (qrcode, status) => {
      logger.info({ status }, 'scan the QR code with the WeChat account the bot will use')
      qrcodeTerminal.generate(qrcode, { small: true }, (art: string) => process.stdout.write(`${art}\n${qrcode}\n`))
    })
    // issue 17: one process per account; a second waits as a standby only when asked to
    const flags = process.argv.slice(2)
    let refusal: string | undefined
    const app = createApp({
      bot,
      standby: flags.includes('--standby') || env.QUNHQ_STANDBY === 'true',
      rebindWechat: flags.includes('--rebind'),
      signal: stop.signal,
      onRefused: (line) => {
        refusal = line
        stop.abort()
      },
      redis: createRedisFactory(redisEndpoint.url),
      prefix: env.QUNHQ_PREFIX ?? 'qunhq',
      account: env.QUNHQ_ACCOUNT ?? 'main',
      config: configs.config,
      reloadConfig: async () => configs.reload(),
      logger,
      now: Date.now,
      rng: Math.random,
      plugins: defaultPlugins(),
      qr: createQrReader({ config: () => configs.config().images, logger: logger.child({ part: 'images' }) }),
      // one process, one bot: its CPU, memory and event-loop lag beside the bot's own counts
      metrics: createMetrics({ processMetrics: true }),
      // the web console: only when HTTP_PORT is set; on HTTP_HOST (default 127.0.0.1: behind a reverse proxy)
      ...(env.HTTP_PORT ? { http: consoleSettingsFromEnv(env, env.HTTP_PORT) } : {}),
    })
    process.on('SIGHUP', () => void app.reload())
    try {
      await app.start()
    } catch (err) {
      if (!(err instanceof AccountRefusedError)) throw err
      process.stderr.write(`${err.message}\n`)
      await app.stop()
      return 1
    }
    // a standby stopped while it waited never served
    if (stop.signal.aborted) {
      await app.stop()
      return 0
    }
    logger.info({ puppet: env.WECHATY_PUPPET, config: loaded.configPath ?? '(built-in defaults)', console: app.consoleUrl() }, 'QunHQ is running')
    if (app.consoleUrl()) process.stdout.write(`web console: ${app.consoleUrl()}\n`)
    await untilStopped
    logger.info('stopping: finishing the job in hand')
    await app.stop()
    if (refusal === undefined) return 0
    process.stderr.write(`${refusal}\n`)
    return 1
  } finally {
    await redisEndpoint.stop()
  }
}

main().then(
  (code) => {
    process.exitCode = code
    // Wechaty and gRPC can leave handles open after a clean stop
    setTimeout(() => process.exit(code), 500).unref()
  },
  (err: Error) => {
    process.stderr.write(`${scrub(err.stack ?? String(err))}\n`)
    process.exit(1)
  },
)
