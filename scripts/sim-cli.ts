/**
 * What `npm run sim -- FILE.yaml` does, as a function of its arguments and environment: the
 * exit status it returns, the transcript written to `stdout`, messages to `stderr`.
 * scripts/sim.ts is the process around it (exit code, timers, Ctrl-C); tests call this in-process.
 * Exit: 0 the scenario ran (or was stopped during its final `wait:`); 2 invalid scenario or
 * environment (the message names the field); 1 anything else; 130 stopped before its end.
 *
 * With HTTP_PORT set, the run serves the web console as the demo does (HTTP_HOST, ADMIN_TOKEN,
 * HTTP_TRUST_PROXY as for `npm start`) and prints the first admin's one-time sign-in link on
 * stderr: `console: http://127.0.0.1:PORT/login/<token>`. A `wait:` step at the end keeps it
 * serving that long (Ctrl-C ends it early).
 */
import { randomBytes } from 'node:crypto'
import { envSchema } from '../src/config/env'
import { issuesToProblems } from '../src/config/load-config'
import { consoleSettingsFromEnv } from '../src/http/console-host'
import { createLogger } from '../src/logger'
import { adminSignIn } from '../src/sim/console-sign-in'
import { ScenarioError, loadScenarioFile } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { ensureRedis, RedisUnavailableError } from '../src/store/embedded-redis'

export interface SimCliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  /** Ctrl-C: stops the run between steps, and a `wait:` at once */
  signal?: AbortSignal
}

/** The environment the console of a run reads, checked as `npm start` checks it. */
const consoleEnv = envSchema.pick({ HTTP_PORT: true, HTTP_HOST: true, ADMIN_TOKEN: true, HTTP_TRUST_PROXY: true })

export async function runSimCli(argv: string[], { stdout, stderr, env, signal }: SimCliIo): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'))
  const file = args[0]
  if (!file) {
    stderr('usage: npm run sim -- FILE.yaml [--service]\n')
    return 2
  }
  // read only when a console is asked for: a run without one is as before
  const checkedEnv = consoleEnv.safeParse(env.HTTP_PORT?.trim() ? env : {})
  if (!checkedEnv.success) {
    stderr(`invalid environment:\n${issuesToProblems(checkedEnv.error.issues, 'env').map((p) => `  ${p}`).join('\n')}\n`)
    return 2
  }
  const web = checkedEnv.data
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn', fd: 2 })
  setWechatyLogLevel('silent')
  let redis
  let stepsDone = 0
  /** the step that was running when Ctrl-C came */
  let cutAt: number | undefined
  try {
    const loaded = loadScenarioFile(file)
    // as `npm start` does: say at once when Redis is missing, instead of a login that never comes
    redis = await ensureRedis({ url: env.REDIS_URL || undefined, dataDir: env.QUNHQ_DATA_DIR || 'data', logger })
    await runScenario(loaded, {
      redisUrl: redis.url,
      logger,
      mode: argv.includes('--service') ? 'service' : 'direct',
      // each run gets its own prefix under QUNHQ_PREFIX, removed at the end
      prefix: `${env.QUNHQ_PREFIX || 'qunhq'}-sim-${randomBytes(4).toString('hex')}`,
      onLine: (line) => stdout(JSON.stringify(line) + '\n'),
      ...(signal ? { signal } : {}),
      afterStep: async (i) => {
        stepsDone = i + 1
        if (signal?.aborted && cutAt === undefined) cutAt = i
        // the operator looks now: what was to happen has happened
        const next = loaded.steps[i + 1]
        if (web.HTTP_PORT && next && i + 1 === loaded.steps.length - 1 && 'wait' in next) {
          stderr(`console: serving for the final wait (${Math.round(next.wait / 1000)} s); Ctrl-C stops\n`)
        }
      },
      ...(web.HTTP_PORT
        ? {
            http: consoleSettingsFromEnv(web, web.HTTP_PORT),
            // at every start (a restart step starts the bot again, on the same port)
            onStart: (bot) =>
              void adminSignIn(bot, loaded.config).then(
                (s) => s && stderr(s.link ? `console: ${s.link}\n` : `console: ${s.url} (no roles.admin in the scenario's config: no sign-in link)\n`),
                (err: Error) => stderr(`console: no sign-in link: ${err.message}\n`),
              ),
          }
        : {}),
    })
    if (signal?.aborted) {
      // stopped during the final wait (or after the last step): the scenario ran; before: say so
      const last = loaded.steps.length - 1
      const inFinalWait = cutAt === last && 'wait' in loaded.steps[last]!
      if (inFinalWait || (cutAt === undefined && stepsDone === loaded.steps.length)) return 0
      stderr(`stopped before the end of the scenario (${cutAt === undefined ? stepsDone : cutAt} of ${loaded.steps.length} steps ran)\n`)
      return 130
    }
    return 0
  } catch (err) {
    if (err instanceof ScenarioError) {
      stderr(`invalid scenario ${file}:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`)
      return 2
    }
    if (err instanceof RedisUnavailableError) {
      stderr(`${err.message}\n`)
      return 1
    }
    // a settle step that timed out is the scenario's verdict, not a crash: no stack
    if ((err as Error).name === 'SettleTimeoutError') {
      stderr(`scenario failed: ${(err as Error).message}\n`)
      return 1
    }
    stderr(`scenario failed: ${(err as Error).stack ?? String(err)}\n`)
    return 1
  } finally {
    await redis?.stop()
  }
}
