/**
 * npm run sim -- FILE.yaml
 * Plays a scenario on the simulated WeChat with the real bot and a real Redis, and prints
 * the transcript as JSON lines on stdout (logs go to stderr).
 * Exit: 0 the scenario ran; 2 invalid scenario (the message names the field); 1 anything else.
 */
import { randomBytes } from 'node:crypto'
import { config as loadDotenv } from 'dotenv'
import { createLogger } from '../src/logger'
import { ScenarioError, loadScenarioFile } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { ensureRedis, RedisUnavailableError } from '../src/store/embedded-redis'

loadDotenv({ quiet: true })

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'))
  const file = args[0]
  if (!file) {
    process.stderr.write('usage: npm run sim -- FILE.yaml [--service]\n')
    return 2
  }
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', fd: 2 })
  setWechatyLogLevel('silent')
  let redis
  try {
    const loaded = loadScenarioFile(file)
    // as `npm start` does: say at once when Redis is missing, instead of a login that never comes
    redis = await ensureRedis({ url: process.env.REDIS_URL || undefined, dataDir: process.env.QUNHQ_DATA_DIR || 'data', logger })
    await runScenario(loaded, {
      redisUrl: redis.url,
      logger,
      mode: argv.includes('--service') ? 'service' : 'direct',
      // each run gets its own prefix under QUNHQ_PREFIX, removed at the end
      prefix: `${process.env.QUNHQ_PREFIX || 'qunhq'}-sim-${randomBytes(4).toString('hex')}`,
      onLine: (line) => process.stdout.write(JSON.stringify(line) + '\n'),
    })
    return 0
  } catch (err) {
    if (err instanceof ScenarioError) {
      process.stderr.write(`invalid scenario ${file}:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`)
      return 2
    }
    if (err instanceof RedisUnavailableError) {
      process.stderr.write(`${err.message}\n`)
      return 1
    }
    // a settle step that timed out is the scenario's verdict, not a crash: no stack
    if ((err as Error).name === 'SettleTimeoutError') {
      process.stderr.write(`scenario failed: ${(err as Error).message}\n`)
      return 1
    }
    process.stderr.write(`scenario failed: ${(err as Error).stack ?? String(err)}\n`)
    return 1
  } finally {
    await redis?.stop()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
    // Wechaty and gRPC leave timers behind; the transcript is complete, so leave now
    setTimeout(() => process.exit(code), 200).unref()
  },
  (err: Error) => {
    process.stderr.write(`${err.stack}\n`)
    process.exit(1)
  },
)
