/**
 * Sends after a crash (issue 17 item 11): a broadcast to 8 groups, a graceful restart, then a
 * hard restart while the send to one group hangs in WeChat (the simulator's `holdSends`), with
 * BullMQ's default 30 s lock. Measures, per run, the time from the crash to the first send of
 * the new process (the held group is settled uncertain at takeover, the others go out).
 * `npx tsx bench/restart-resume.ts [--runs N]` prints JSON.
 */
import pino from 'pino'
import { parse as parseYaml } from 'yaml'
import { parseScenario } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import type { SimWorld, TranscriptLine } from '../src/sim/world'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { numberArg, printJsonAndExit } from './cli'

const scenario = `
name: restart-resume
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 1000 }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 80, jitterMs: 0, quietHours: "" }
  redis: { warnNoPersistence: false }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
  generate: [{ count: 8, id: "g{i}@chatroom", topic: "城市群{i}", members: 1 }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 通知" }
  - restart: { hard: false }
  - holdSends: { count: 1, to: g5@chatroom }
  - restart: { hard: true }
  - settle: { timeout: 60s }
`

const isSend = (l: TranscriptLine) => (l.type === 'say' || l.type === 'send') && l.room !== 'hq@chatroom'

async function until(world: SimWorld, check: (t: TranscriptLine[]) => boolean): Promise<void> {
  const end = Date.now() + 30_000
  while (!check(world.transcript)) {
    if (Date.now() > end) throw new Error('the scenario did not get there within 30 s')
    await new Promise((r) => setTimeout(r, 10))
  }
}

export async function measureRestartResume(opts: { runs?: number; redisUrl?: string } = {}) {
  const runs = opts.runs ?? 5
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  setWechatyLogLevel('silent')
  const crashToFirstSendMs: number[] = []
  let uncertain = 0
  for (let i = 0; i < runs; i++) {
    let crashAt = 0
    const { transcript } = await runScenario(parseScenario(parseYaml(scenario), __dirname), {
      redisUrl,
      logger: pino({ level: 'silent' }),
      afterStep: async (step, _s, _b, world) => {
        if (step === 0) await until(world, (t) => t.filter(isSend).length >= 2)
        if (step === 2) {
          await until(world, (t) => t.some((l) => l.type === 'send-held'))
          crashAt = world.elapsed()
        }
      },
    })
    const next = transcript.find((l) => l.t >= crashAt && isSend(l))
    if (next) crashToFirstSendMs.push(next.t - crashAt)
    if (transcript.some((l) => l.type === 'say' && /不确定 1/.test(l.text ?? ''))) uncertain++
  }
  const sorted = [...crashToFirstSendMs].sort((a, b) => a - b)
  return {
    runs,
    lockMs: 30000,
    crashToFirstSendMs: { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) },
    reportedTheHeldGroupUncertain: uncertain,
  }
}

if (require.main === module) printJsonAndExit(measureRestartResume({ runs: numberArg('runs') }))
