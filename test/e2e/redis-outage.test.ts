import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRedisServer } from '../../src/store/embedded-redis'
import { play } from '../helpers/scenario'
import { capturedLogger, privateRedis } from '../helpers/private-redis'
import { waitFor } from '../helpers/outbound'
import type { TranscriptLine } from '../../src/sim/world'

/**
 * Redis full (maxmemory + noeviction) in the middle of a broadcast, on a Redis of the
 * test's own. The workers used to re-fetch in a tight loop: 23,000 log lines in 5 s, and
 * HQ heard nothing. Now: one line per change, HQ told once each way, and what members and
 * operators said during the outage is handled once Redis takes writes again.
 */

const MAXMEMORY = 16 * 1024 * 1024

const scenario = `name: redis-full
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 1000 }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 100, jitterMs: 0, quietHours: "" }
  redis: { retryMs: 100, maxRetryMs: 400 }
  questions: { batchMs: 200 }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_u1, wxid_u2], aliases: { wxid_u1: 北京-张三-教育, wxid_u2: 北京-李四-金融 } }
  generate: [{ count: 8, id: "c{i}@chatroom", topic: "城市群{i}", members: 1 }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 通知" }
  - say: { room: g1@chatroom, from: wxid_u1, text: "加微信领券 https://x.example/a" }
  - say: { room: g1@chatroom, from: wxid_u2, text: "请问明天几点开始？" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#群列表" }
  - settle: { timeout: 30s }
`

const hqTexts = (t: TranscriptLine[]) => t.filter((l) => l.type === 'say' && l.room === 'hq@chatroom').map((l) => l.text ?? '')

describe('Redis full (maxmemory + noeviction)', () => {
  it('logs one line per change, holds what arrives, tells HQ once each way, and handles it all after recovery', async () => {
    const redis = await privateRedis(['--maxmemory', String(MAXMEMORY), '--maxmemory-policy', 'noeviction', '--appendonly', 'no', '--save', ''])
    const { logger, lines, raw } = capturedLogger('info')
    const live: TranscriptLine[] = []
    let failingFrom = -1
    let linesWhileFailing = -1
    let recoveredAt = -1
    try {
      const { transcript: t } = await play(scenario, {
        redisUrl: redis.url,
        logger,
        onLine: (l) => live.push(l),
        lockMs: 1000,
        stalledCheckMs: 500,
        afterStep: async (i, _step, bot) => {
          if (i === 0) {
            // the broadcast is under way (jobs waiting in the queue): fill Redis past maxmemory
            await waitFor(() => live.some((l) => l.type === 'say' && l.text === '通知'), 20000)
            await redis.admin.setrange('qunhq-test-big', MAXMEMORY, 'x')
            await waitFor(() => bot.app.health.state === 'failing', 20000)
            failingFrom = lines.findIndex((l) => /Redis failing/.test(l.msg))
          }
          if (i === 3) {
            // the ad, the question and the command are held; let the probes back off a few times
            const health = bot.app.health
            await waitFor(() => (health.outage?.probes ?? 0) >= 5, 20000)
            linesWhileFailing = lines.length - failingFrom
            recoveredAt = live.length
            await redis.admin.del('qunhq-test-big')
            await waitFor(() => health.state === 'healthy', 20000)
          }
        },
      })

      // the failing period: one line when it began, not one per retry (before: ~4,600 lines a second)
      expect(failingFrom).toBeGreaterThanOrEqual(0)
      expect(linesWhileFailing).toBeGreaterThan(0)
      expect(linesWhileFailing).toBeLessThan(50)
      expect(lines.filter((l) => /Redis failing/.test(l.msg))).toHaveLength(1)
      expect(lines.filter((l) => /Redis recovered/.test(l.msg))).toHaveLength(1)
      expect(lines.find((l) => /Redis failing/.test(l.msg))!.msg).toMatch(/OOM command not allowed/)
      // and no tight loop behind a quiet log: the workers stop fetching, so few errors happen at all
      const suppressed = Number(lines.find((l) => /Redis recovered/.test(l.msg))!.suppressed)
      expect(suppressed).toBeLessThan(50)
      // no script text or script reference in any line
      for (const line of raw) expect(line).not.toMatch(/user_script|redis\.call|evalsha/i)

      // HQ: told once of the outage and once of the recovery
      const hq = hqTexts(t)
      expect(hq.filter((x) => x.includes('Redis 写入失败（内存已满）'))).toHaveLength(1)
      const recovered = hq.filter((x) => x.includes('Redis 已恢复'))
      expect(recovered).toHaveLength(1)
      expect(Number(/补处理期间收到的 (\d+) 条消息/.exec(recovered[0]!)?.[1])).toBeGreaterThanOrEqual(3)

      // what arrived during the outage was handled after it: the ad, the question, the command
      const after = live.slice(recoveredAt)
      expect(after.some((l) => l.room === 'g1@chatroom' && /请勿发广告/.test(l.text ?? ''))).toBe(true)
      expect(after.some((l) => l.room === 'hq@chatroom' && /群里的提问[\s\S]*明天几点开始/.test(l.text ?? ''))).toBe(true)
      expect(after.some((l) => l.room === 'hq@chatroom' && /管理中的群/.test(l.text ?? ''))).toBe(true)

      // the broadcast went on after the outage and no group got it twice
      const deliveries = t.filter((l) => l.type === 'say' && l.text === '通知').map((l) => l.room)
      expect(new Set(deliveries).size).toBe(deliveries.length)
      expect(hq.some((x) => /B1 完成/.test(x))).toBe(true)
    } finally {
      await redis.stop()
    }
    // a 30-group broadcast, 3 removals and their reports, paced: about 30 s, more on a loaded machine
  })
})

describe('Redis gone (connection refused), then back on the same port', () => {
  it('holds what arrives while it is away and handles it when it is back; one line each way', async () => {
    // append-only, so the restarted Redis has the bot's state back, as a real one would
    const dir = mkdtempSync(join(tmpdir(), 'qunhq-redis-'))
    const args = ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    let server = await startRedisServer(args)
    const port = server.port
    const { logger, lines } = capturedLogger('info')
    const live: TranscriptLine[] = []
    let backAt = -1
    try {
      const { transcript: t } = await play(
        `name: redis-gone
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 50, jitterMs: 0, quietHours: "" }
  redis: { retryMs: 100, maxRetryMs: 400 }
  questions: { batchMs: 200 }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_u1, wxid_u2], aliases: { wxid_u1: 北京-张三-教育, wxid_u2: 北京-李四-金融 } }
steps:
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_u1, text: "加微信领券 https://x.example/a" }
  - say: { room: g1@chatroom, from: wxid_u2, text: "请问明天几点开始？" }
  - settle: { timeout: 30s }
`,
        {
          redisUrl: server.url,
          logger,
          onLine: (l) => live.push(l),
          afterStep: async (i, _step, bot) => {
            if (i === 0) {
              await server.stop()
              await waitFor(() => bot.app.health.state === 'failing', 20000)
            }
            if (i === 2) {
              await waitFor(() => (bot.app.health.outage?.probes ?? 0) >= 3, 20000)
              backAt = live.length
              server = await startRedisServer(args, port)
              await waitFor(() => bot.app.health.state === 'healthy', 20000)
            }
          },
        },
      )
      expect(lines.filter((l) => /Redis failing/.test(l.msg))).toHaveLength(1)
      expect(lines.find((l) => /Redis failing/.test(l.msg))!.kind).toBe('connection')
      expect(lines.filter((l) => /Redis recovered/.test(l.msg))).toHaveLength(1)
      const after = live.slice(backAt)
      expect(after.some((l) => l.room === 'g1@chatroom' && /请勿发广告/.test(l.text ?? ''))).toBe(true)
      expect(after.some((l) => l.room === 'hq@chatroom' && /群里的提问[\s\S]*明天几点开始/.test(l.text ?? ''))).toBe(true)
      const hq = hqTexts(t)
      expect(hq.filter((x) => x.includes('Redis 写入失败（连接不上 Redis）'))).toHaveLength(1)
      expect(hq.filter((x) => x.includes('Redis 已恢复'))).toHaveLength(1)
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('Redis full while a burst of messages is already in flight', () => {
  // 20 member messages within a few ms, 3 of them ads, in 10 of the 30 groups
  const burst = Array.from({ length: 20 }, (_, k) => {
    const room = `c${(k % 10) + 1}@chatroom`
    const from = `wxid_c${(k % 10) + 1}_m${k < 10 ? 1 : 2}`
    const ad = k === 3 || k === 11 || k === 17
    return { room, from, ad, text: ad ? `加微信领券 https://x.example/${k}` : `早上好，第 ${k} 条` }
  })
  const ads = burst.filter((b) => b.ad).map((b) => b.from)
  const yaml = `name: redis-full-burst
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 1000 }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 400, jitterMs: 0, quietHours: "" }
  redis: { retryMs: 100, maxRetryMs: 400 }
  rules: { ads: { warnings: 0, blacklist: false } }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
  generate: [{ count: 30, id: "c{i}@chatroom", topic: "城市群{i}", members: 2 }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 通知" }
  - together:
${burst.map((b) => `      - say: { room: ${b.room}, from: ${b.from}, text: "${b.text}" }`).join('\n')}
  - settle: { timeout: 120s }
`

  it('holds every message that failed in flight, in order, and handles them after recovery: the ads are removed, HQ hears the right count', async () => {
    const redis = await privateRedis(['--maxmemory', String(MAXMEMORY), '--maxmemory-policy', 'noeviction', '--appendonly', 'no', '--save', ''])
    const { logger, lines } = capturedLogger('info')
    const prefix = `qunhq-burst-${randomBytes(3).toString('hex')}`
    const live: TranscriptLine[] = []
    let recoveredAt = -1
    let heldWhileFailing = -1
    try {
      const { transcript: t } = await play(yaml, {
        redisUrl: redis.url,
        prefix,
        logger,
        onLine: (l) => live.push(l),
        afterStep: async (i, _step, bot) => {
          if (i === 0) {
            // the broadcast is under way; between two sends its worker waits out the pacing
            // without touching Redis: fill Redis then, so the burst (the next step, in the same
            // tick) is in flight before anything in the bot has met a refused write
            await waitFor(() => live.some((l) => l.type === 'say' && l.text === '通知'), 30000)
            await waitFor(async () => (await redis.admin.pttl(`${prefix}:out-sim:limiter`)) > 250, 30000)
            await redis.admin.setrange('qunhq-test-big', MAXMEMORY, 'x')
          }
          if (i === 1) {
            const health = bot.app.health
            await waitFor(() => health.state === 'failing', 20000)
            // every message of the burst has met Redis full: none in transit or running any more
            await waitFor(async () => {
              const p = await bot.pending(0)
              return p['in transit'] === 0 && p.handlers === 0
            }, 30000)
            heldWhileFailing = (await bot.pending(0)).held ?? -1
            // Redis stays full a few probes long, then has room again
            await waitFor(() => (health.outage?.probes ?? 0) >= 3, 20000)
            recoveredAt = live.length
            await redis.admin.del('qunhq-test-big')
            await waitFor(() => health.state === 'healthy', 20000)
          }
        },
      })

      // every message of the burst was held, none logged as lost
      expect(lines.filter((l) => /handling failed/.test(l.msg))).toEqual([])
      expect(heldWhileFailing).toBe(20)
      // one log line each way
      expect(lines.filter((l) => /Redis failing/.test(l.msg))).toHaveLength(1)
      expect(lines.filter((l) => /Redis recovered/.test(l.msg))).toHaveLength(1)
      // saying what Redis said (the refused command inside the EXECABORT), not "previous errors"
      expect(lines.find((l) => /Redis failing/.test(l.msg))!.msg).toMatch(/OOM command not allowed/)

      // HQ: the outage once, the recovery once, with the 20 held messages
      const hq = hqTexts(t)
      expect(hq.filter((x) => x.includes('Redis 写入失败（内存已满）'))).toHaveLength(1)
      const recovered = hq.filter((x) => x.includes('Redis 已恢复'))
      expect(recovered).toHaveLength(1)
      expect(recovered[0]).toContain('正在补处理期间收到的 20 条消息')

      // the 3 ads are removed after the recovery, nobody else is
      // (in the order they arrived: the held messages are replayed one by one, in order)
      const after = live.slice(recoveredAt)
      expect(after.filter((l) => l.type === 'remove').map((l) => l.contact)).toEqual(ads)
      expect(t.filter((l) => l.type === 'remove')).toHaveLength(3)

      // the broadcast finished, each group once
      const deliveries = t.filter((l) => l.type === 'say' && l.text === '通知').map((l) => l.room)
      expect(deliveries).toHaveLength(30)
      expect(new Set(deliveries).size).toBe(30)
      expect(hq.some((x) => /B1 完成/.test(x))).toBe(true)
    } finally {
      await redis.stop()
    }
    // a 30-group broadcast, 3 removals and their reports, paced: about 30 s, more on a loaded machine
  })
})
