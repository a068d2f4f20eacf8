/**
 * Messages per second through the whole bot: members talk in a simulated WeChat, the real
 * Wechaty turns each message into plain data, and every feature sees it (HQ router,
 * rules with ad detection and nickname checks, question relay, schedules, activity
 * records in a real Redis). Members keep the nickname format and say nothing that breaks
 * a rule, so the figure is the cost of watching a busy network, not of sending.
 * At most `window` messages are in the bot at once, as a puppet delivers them.
 * `npx tsx bench/whole-bot.ts [--messages 5000] [--groups 50] [--members 200]`
 */
import { numberArg, printJsonAndExit } from './cli'
import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import pino from 'pino'
import { DAY_FIELDS } from '../src/store/activity-codec'
import { parseConfigObject } from '../src/config/load-config'
import { dayKey } from '../src/core/time-window'
import type { MessageMiddleware } from '../src/feature'
import type { Plugin, PluginContext } from '../src/plugin'
import { defaultPlugins } from '../src/plugins'
import { buildWorld } from '../src/sim/build-world'
import { startSimBot } from '../src/sim/sim-bot'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { seededRng } from './rule-throughput'
import { DEFAULT_REDIS_URL } from '../src/store/redis'

export interface WholeBotOptions {
  messages?: number
  groups?: number
  members?: number
  /** messages in the bot at once */
  window?: number
  redisUrl?: string
}

export interface WholeBotResult {
  messages: number
  groups: number
  membersPerGroup: number
  window: number
  seconds: number
  messagesPerSecond: number
  /** from the moment the world emits a message to the moment the bot has handled it */
  latencyMs: { p50: number; p99: number }
  /** messages that reached the last feature */
  handled: number
  /** messages the activity records counted (must equal `messages`) */
  recorded: number
  /** anything the bot sent while watching (should be 0: nobody broke a rule) */
  botActions: number
}

const texts = ['早上好', '今天的分享很有收获，谢谢老师', '收到', '周末一起去爬山吧', '这个观点我同意', '哈哈哈', '明天见', '学习了']

export async function measureWholeBot(opts: WholeBotOptions = {}): Promise<WholeBotResult> {
  const total = opts.messages ?? 5000
  const groups = opts.groups ?? 50
  const members = opts.members ?? 200
  const window = opts.window ?? 100
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  setWechatyLogLevel('silent')
  const config = parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    roles: { operator: ['wxid_op1'] },
    analytics: { report: '' },
  })
  const world = buildWorld({
    bot: { id: 'wxid_bot', name: '群助手' },
    contacts: [],
    rooms: [{ id: 'hq@chatroom', topic: '运营总部', admins: [], members: ['wxid_op1'], aliases: {} }],
    generate: [{ count: groups, id: 'g{i}@chatroom', topic: '城市群{i}', members, alias: '北京-成员{j}-教育' }],
  })
  const prefix = `qunhq-bench-${randomBytes(4).toString('hex')}`
  // every message's emit time; the last feature in line notes when the bot is done with it
  const emitted = new Map<string, number>()
  const latencies: number[] = []
  let lastHandledAt = 0
  const probe = (m: { id: string }) => {
    const at = emitted.get(m.id)
    if (at === undefined) return
    lastHandledAt = performance.now()
    latencies.push(lastHandledAt - at)
  }
  // analytics is last in MESSAGE_ORDER (src/pipeline/order.ts): a message it has done with is done
  const probed: Plugin[] = defaultPlugins().map((p) =>
    p.name !== 'analytics'
      ? p
      : {
          ...p,
          apply: (ctx, config) =>
            p.apply(
              Object.assign(Object.create(ctx) as PluginContext, {
                middleware: (mw: MessageMiddleware) =>
                  ctx.middleware(async (c, next) => {
                    await mw(c, next)
                    probe(c.message)
                  }),
              }),
              config,
            ),
        },
  )
  const bot = await startSimBot({ world, config: () => config, redisUrl, prefix, logger: pino({ level: 'silent' }), plugins: probed })
  const rng = seededRng(7)
  const adapter = bot.app.adapter
  try {
    const actionsBefore = world.transcript.length
    const t0 = performance.now()
    let sent = 0
    while (sent < total) {
      while (sent - latencies.length >= window) await new Promise((r) => setImmediate(r))
      const g = 1 + Math.floor(rng() * groups)
      const room = `g${g}@chatroom`
      const from = `wxid_g${g}_m${1 + Math.floor(rng() * members)}`
      const mention = rng() < 0.1 ? [`wxid_g${g}_m${1 + Math.floor(rng() * members)}`].filter((id) => id !== from) : []
      const m = world.memberSay(room, from, { kind: 'text', text: texts[Math.floor(rng() * texts.length)] ?? '' }, mention)
      emitted.set(m.id, performance.now())
      sent++
    }
    // the rest, unless something swallowed messages (then: until nothing moves for 5 s)
    let last = -1
    let still = performance.now()
    while (latencies.length < total && performance.now() - still < 5000) {
      if (latencies.length !== last) {
        last = latencies.length
        still = performance.now()
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    while (adapter.pending() > 0) await new Promise((r) => setTimeout(r, 5))
    const seconds = (lastHandledAt - t0) / 1000
    latencies.sort((a, b) => a - b)
    const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 10) / 10

    // what the records counted: today's message counter of each group
    const today = dayKey(Date.now(), config.timezone)
    const { keys } = bot.app.ctx.stores.activity
    // the bench reads the counters itself (features get no client): its own connection
    const redis = new IORedis(redisUrl)
    const pipe = redis.pipeline()
    for (let g = 1; g <= groups; g++) pipe.hget(keys.day(`g${g}@chatroom`, today), DAY_FIELDS.messages)
    const recorded = ((await pipe.exec()) ?? []).reduce((n, [, v]) => n + (Number(v) || 0), 0)
    redis.disconnect()
    return {
      messages: total,
      groups,
      membersPerGroup: members,
      window,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round(total / seconds),
      latencyMs: { p50: pct(0.5), p99: pct(0.99) },
      handled: latencies.length,
      recorded,
      botActions: world.transcript.length - actionsBefore,
    }
  } finally {
    await bot.stop()
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

const arg = numberArg

if (require.main === module) {
  printJsonAndExit(measureWholeBot({ messages: arg('messages'), groups: arg('groups'), members: arg('members'), window: arg('window') }))
}
