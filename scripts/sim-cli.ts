/**
 * What `npm run sim -- FILE.yaml` does, as a function of its arguments and environment: the
 * exit status it returns, the transcript written to `stdout`, messages to `stderr`.
 * scripts/sim.ts is the process around it (exit code, timers); tests call this in-process.
 * Exit: 0 the scenario ran; 2 invalid scenario (the message names the field); 1 anything else.
 */
import { randomBytes } from 'node:crypto'
import { createLogger } from '../src/logger'
import { ScenarioError, loadScenarioFile } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { ensureRedis, RedisUnavailableError } from '../src/store/embedded-redis'

export interface SimCliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
}

export async function runSimCli(argv: string[], { stdout, stderr, env }: SimCliIo): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'))
  const file = args[0]
  if (!file) {
    stderr('usage: npm run sim -- FILE.yaml [--service]\n')
    return 2
  }
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn', fd: 2 })
  setWechatyLogLevel('silent')
  let redis
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
    })
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
