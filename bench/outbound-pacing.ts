/**
 * A broadcast to 1,000 groups through the whole bot (simulated WeChat, Wechaty, the paced
 * BullMQ queue on a real Redis): time to enqueue it, the smallest and median gap between
 * consecutive sends against minIntervalMs, and the makespan against the pacing's ideal.
 * `npx tsx bench/outbound-pacing.ts` prints JSON.
 */
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { numberArg, printJsonAndExit } from './cli'
import { parseConfigObject } from '../src/config/load-config'
import { buildWorld } from '../src/sim/build-world'
import { startSimBot } from '../src/sim/sim-bot'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { DEFAULT_REDIS_URL } from '../src/store/redis'

export interface PacingResult {
  groups: number
  minIntervalMs: number
  enqueueMs: number
  minGapMs: number
  medianGapMs: number
  p99GapMs: number
  makespanMs: number
  idealMs: number
  makespanOverIdeal: number
  delivered: number
  duplicates: number
}

export async function measurePacing(opts: { groups?: number; minIntervalMs?: number; redisUrl?: string } = {}): Promise<PacingResult> {
  const groups = opts.groups ?? 1000
  const minIntervalMs = opts.minIntervalMs ?? 20
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  setWechatyLogLevel('silent')
  const config = parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    outbound: { minIntervalMs, jitterMs: 0, quietHours: '', progressEvery: 0, dailyCap: 100000 },
    rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } },
  })
  const world = buildWorld({
    bot: { id: 'wxid_bot', name: '群助手' },
    contacts: [],
    rooms: [{ id: 'hq@chatroom', topic: '运营总部', admins: [], members: ['wxid_op1'], aliases: {} }],
    generate: [{ count: groups, id: 'g{i}@chatroom', topic: '城市群{i}', members: 1 }],
  })
  const prefix = `qunhq-bench-${randomBytes(4).toString('hex')}`
  const bot = await startSimBot({ world, config: () => config, redisUrl, prefix, logger: pino({ level: 'silent' }) })
  try {
    const managed = await bot.app.ctx.groups()
    const t0 = performance.now()
    const created = await bot.app.ctx.broadcasts.create({
      by: 'wxid_op1',
      hqRoom: 'hq@chatroom',
      content: { kind: 'text', text: '基准测试广播' },
      groups: managed,
      skipConfirm: true,
    })
    const enqueueMs = performance.now() - t0
    if (created.kind !== 'started') throw new Error(`broadcast did not start: ${created.kind}`)
    const deadline = Date.now() + groups * minIntervalMs * 3 + 60000
    const isDelivery = (l: { type: string; room?: string }) => l.type === 'say' && l.room !== 'hq@chatroom'
    while (world.transcript.filter(isDelivery).length < groups && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    const sends = world.transcript.filter(isDelivery)
    const gaps = sends.slice(1).map((l, i) => l.t - sends[i]!.t).sort((a, b) => a - b)
    const makespanMs = sends.length ? sends.at(-1)!.t - sends[0]!.t : 0
    const idealMs = (sends.length - 1) * minIntervalMs
    return {
      groups,
      minIntervalMs,
      enqueueMs: Math.round(enqueueMs),
      minGapMs: gaps[0] ?? 0,
      medianGapMs: gaps[Math.floor(gaps.length / 2)] ?? 0,
      p99GapMs: gaps[Math.floor(gaps.length * 0.99)] ?? 0,
      makespanMs,
      idealMs,
      makespanOverIdeal: Math.round((makespanMs / Math.max(1, idealMs)) * 1000) / 1000,
      delivered: new Set(sends.map((l) => l.room)).size,
      duplicates: sends.length - new Set(sends.map((l) => l.room)).size,
    }
  } finally {
    await bot.stop()
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

if (require.main === module) printJsonAndExit(measurePacing({ groups: numberArg('groups'), minIntervalMs: numberArg('interval') }))
