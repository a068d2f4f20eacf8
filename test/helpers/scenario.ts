import { parse as parseYaml } from 'yaml'
import { join } from 'node:path'
import pino from 'pino'
import { parseScenario } from '../../src/sim/load-scenario'
import { runScenario, type RunOptions, type RunResult } from '../../src/sim/run-scenario'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { setWechatyLogLevel } from '../../src/wechat/wechaty-log'
import { DEFAULT_REDIS_URL } from '../../src/store/redis'

export const REDIS_URL = process.env.REDIS_URL || DEFAULT_REDIS_URL
export const FIXTURES = join(__dirname, '..', 'fixtures')

setWechatyLogLevel('silent')

/**
 * Plays a scenario given as YAML text (files relative to test/fixtures) against real Redis.
 *
 * The shared test Redis may keep no append-only file (a developer's often does not), and
 * the bot then tells HQ so at every start: one more HQ message in every test that reads
 * HQ's transcript. So here `redis.warnNoPersistence` is off unless the scenario sets it.
 */
export async function play(yaml: string, opts: Partial<RunOptions> = {}): Promise<RunResult> {
  const raw = parseYaml(yaml) as { config?: { redis?: { warnNoPersistence?: unknown } } } | undefined
  const loaded = parseScenario(raw, FIXTURES)
  if (raw?.config?.redis?.warnNoPersistence === undefined) {
    loaded.config = { ...loaded.config, redis: { ...loaded.config.redis, warnNoPersistence: false } }
  }
  return runScenario(loaded, {
    redisUrl: REDIS_URL,
    logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    ...opts,
  })
}

export const says = (t: TranscriptLine[], room: string) => t.filter((l) => l.type === 'say' && l.room === room)
export const sendsTo = (t: TranscriptLine[], room: string) => t.filter((l) => (l.type === 'say' || l.type === 'send') && l.room === room)
export const textIn = (t: TranscriptLine[], room: string) => says(t, room).map((l) => l.text ?? '')

/**
 * An HQ removal report without its last line, the case id to answer (`[R3] 误判请回复 #误判 R3`):
 * for tests about what a removal says, not which number it drew.
 */
export const withoutCaseLine = (text: string) => text.replace(/\n\[R\d+\] 误判请回复 #误判 R\d+$/, '')
export const hqTexts = (t: TranscriptLine[], room = 'hq@chatroom') => textIn(t, room).map(withoutCaseLine)

/**
 * How long `until` waits before it gives up: a ceiling for a stuck test, not a speed
 * assertion. 30 s ran out at load 36 on the 2-core machine (a hard restart's new process
 * took longer to come up); jest's own ceiling is 300 s.
 */
const UNTIL_LIMIT_MS = 240_000

/**
 * Waits until the world's transcript shows the work done (a condition on what the bot
 * did, not a clock); fails after `ms` with `what` it was waiting for.
 */
export async function until(world: SimWorld, what: string, check: (t: TranscriptLine[]) => boolean, ms = UNTIL_LIMIT_MS): Promise<void> {
  const end = Date.now() + ms
  while (!check(world.transcript)) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
