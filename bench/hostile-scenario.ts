/**
 * scenarios/hostile.yaml timed: for each plain ad sent right after a hostile message (an
 * image bomb, a text built for a quadratic check, a 1 MB text, a 50 KB broadcast…), the
 * milliseconds from the ad to its sender's removal, on the world's clock. The test
 * (test/e2e/hostile.test.ts) asserts only the order; this is where the speed is watched:
 * on a quiet 2-core machine every delay was well under a second.
 */
import { join } from 'node:path'
import pino from 'pino'
import { loadScenarioFile } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { printJsonAndExit } from './cli'

export async function measureHostileScenario(opts: { redisUrl?: string } = {}) {
  setWechatyLogLevel('silent')
  const adAt = new Map<string, number>()
  const removedAt = new Map<string, number>()
  await runScenario(loadScenarioFile(join(__dirname, '..', 'scenarios', 'hostile.yaml')), {
    redisUrl: opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    logger: pino({ level: 'silent' }),
    onEvent: (event, world) => {
      if (event.type === 'message' && event.message.fromId.startsWith('wxid_ad')) adAt.set(event.message.fromId, world.elapsed())
      if (event.type === 'action' && event.line.type === 'remove' && event.line.ok === true && event.line.contact) removedAt.set(event.line.contact, event.line.t)
    },
  })
  const adToRemovalMs = Object.fromEntries([...adAt].map(([id, at]) => [id, removedAt.has(id) ? removedAt.get(id)! - at : null]))
  const delays = Object.values(adToRemovalMs).filter((d): d is number => d !== null)
  return { adToRemovalMs, maxMs: delays.length ? Math.max(...delays) : null }
}

if (require.main === module) printJsonAndExit(measureHostileScenario())
