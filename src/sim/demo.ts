import { readFileSync } from 'node:fs'
import type { Logger } from 'pino'
import { parseConfigText } from '../config/load-config'
import { deleteKeysWithPrefix } from '../store/delete-prefix'
import { freePort } from '../net/free-port'
import { consoleSettingsFromEnv } from '../http/console-host'
import type { SimBot } from './sim-bot'
import { deploymentPrefix } from '../store/keys'
import { isClusterUrl } from '../store/redis-target'
import { adminSignIn } from './console-sign-in'
import { formatEvent } from './live-view'
import { loadScenarioFile } from './load-scenario'
import { runScenario } from './run-scenario'

export interface DemoOptions {
  redisUrl: string
  logger: Logger
  scenarioPath: string
  configPath: string
  out: NodeJS.WritableStream
  color: boolean
  /** aborted when the operator presses Ctrl-C */
  signal: AbortSignal
  /** the web console's port (HTTP_PORT); unset: a free port */
  httpPort?: number
  /** HTTP_HOST, ADMIN_TOKEN, HTTP_TRUST_PROXY (consoleSettingsFromEnv) */
  env?: Parameters<typeof consoleSettingsFromEnv>[0]
}

/**
 * `npm start` without a puppet: the real bot on a simulated WeChat, playing the demo
 * scenario and showing what happens in the groups as it happens, until Ctrl-C.
 */
export async function runDemo(opts: DemoOptions): Promise<void> {
  const loaded = loadScenarioFile(opts.scenarioPath)
  loaded.config = parseConfigText(readFileSync(opts.configPath, 'utf8'), opts.configPath)
  const prefix = deploymentPrefix('qunhq-demo', isClusterUrl(opts.redisUrl))
  await deleteKeysWithPrefix(opts.redisUrl, prefix)
  const write = (s: string) => opts.out.write(s + '\n')
  write(`QunHQ 演示：模拟微信里的 ${loaded.scenario.world.rooms.length + loaded.scenario.world.generate.reduce((n, g) => n + g.count, 0)} 个群，按 Ctrl-C 退出。`)
  if (loaded.scenario.description) write(loaded.scenario.description.trim())
  write('')
  // one port for the whole run, so a restart step keeps the address the operator opened
  const port = opts.httpPort ?? (await freePort())
  const showConsole = (bot: SimBot) => {
    const url = bot.app.consoleUrl()
    if (!url) return
    write(`网页控制台: ${url}`)
    // no one can type #控制台 into a simulated WeChat: the demo signs its admin in directly
    void adminSignIn(bot, loaded.config).then(
      (s) => s?.link && write(`管理员 ${s.admin} 的一次性登录链接（${s.minutes} 分钟内有效）: ${s.link}`),
      // a rejection nobody heard would end the process
      (err: Error) => write(`（没能生成管理员的登录链接：${oneLine(err)}）`),
    )
  }
  await runScenario(loaded, {
    http: consoleSettingsFromEnv(opts.env ?? {}, port),
    onStart: showConsole,
    redisUrl: opts.redisUrl,
    logger: opts.logger,
    prefix,
    signal: opts.signal,
    onEvent: (event, world) => {
      const line = formatEvent(event, world, opts.color)
      if (line) write(line)
    },
    // a slow machine must not end the demo: say which step is still busy, or could not be
    // played, in one line and play on
    onSettleTimeout: (err) => write(`（演示脚本 ${err.message}；继续播放）`),
    onStepError: (err) => write(`（演示脚本 ${oneLine(err)}；跳过这一步，继续播放）`),
    afterSteps: async () => {
      write('')
      write('演示脚本已播完；机器人继续运行。按 Ctrl-C 退出。')
      await new Promise<void>((done) => (opts.signal.aborted ? done() : opts.signal.addEventListener('abort', () => done(), { once: true })))
    },
  })
}

/** an error's message on one line (a ScenarioError lists its problems on several) */
export function oneLine(err: Error): string {
  return err.message.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join('；') || err.name
}
