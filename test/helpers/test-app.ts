import { randomBytes } from 'node:crypto'
import pino, { type Logger } from 'pino'
import type { z } from 'zod'
import { parseConfigObject } from '../../src/config/load-config'
import type { Config } from '../../src/config/schema'
import { definePlugin, type Plugin, type PluginContext } from '../../src/plugin'
import { defaultPlugins } from '../../src/plugins'
import { buildWorld } from '../../src/sim/build-world'
import { scenarioSchema } from '../../src/sim/scenario-schema'
import { startSimBot, type SimBot } from '../../src/sim/sim-bot'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { REDIS_URL } from './scenario'

/**
 * A plugin's test is a real app (issue 18, item 5), in Koishi's style: the plugins under test
 * on the whole bot (Wechaty, the paced queue, real Redis under the test's own prefix) over the
 * simulated world; an operator in HQ sends `#…` and the test reads what the bot sent. Every
 * wait is for the work (`settled`), never for the clock.
 *
 *     const app = await createTestApp({ plugins: [rulesPlugin], config: { rules: { … } } })
 *     await app.hq.shouldReply('#帮助', /#广播/)
 *     const sent = await app.member('g1@chatroom', 'wxid_a').send('加微信 abc')
 *     expectSent(sent, { type: 'remove', room: 'g1@chatroom', contact: 'wxid_a' })
 *     await app.stop()
 */

export const TEST_HQ = 'hq@chatroom'
export const TEST_OPERATOR = 'wxid_op1'
export const TEST_GROUP = 'g1@chatroom'

/** the world as a scenario writes it (`world:`; defaults filled in as there) */
export type WorldSpec = z.input<typeof scenarioSchema.shape.world>

/** HQ with one operator, and one managed group of three members, owned by the bot (the world's default owner) */
const DEFAULT_WORLD: WorldSpec = {
  contacts: [
    { id: TEST_OPERATOR, name: '运营' },
    { id: 'wxid_a', name: '张三' },
    { id: 'wxid_b', name: '李四' },
    { id: 'wxid_c', name: '王五' },
  ],
  rooms: [
    { id: TEST_HQ, topic: '运营总部', members: [TEST_OPERATOR] },
    { id: TEST_GROUP, topic: '北京1群', members: ['wxid_a', 'wxid_b', 'wxid_c'] },
  ],
}

/**
 * The config under test: HQ, the operator's role and the one group managed, fast pacing, no
 * quiet hours; `config` overrides each top-level key it names (as a YAML file would).
 */
function testConfig(raw: Record<string, unknown>): Config {
  return parseConfigObject({
    hq: { rooms: [TEST_HQ] },
    roles: { operator: [TEST_OPERATOR] },
    groups: { list: [{ room: TEST_GROUP, key: 'g1', tags: ['北京'] }] },
    outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: '' },
    // the shared test Redis may keep no append-only file: the warning would be one more HQ line
    redis: { warnNoPersistence: false },
    ...raw,
  })
}

/** What the bot did after one step, in the world's transcript order. */
export type Sent = TranscriptLine[]

/** Someone who writes into one room (an operator in HQ, a member in a group, a contact in private). */
export interface TestClient {
  /** writes `text` and waits until the bot's work is done: what the bot did meanwhile, anywhere */
  send(text: string): Promise<Sent>
  /** writes `text`; the bot answers in the same room with a text that contains (or matches) `reply` */
  shouldReply(text: string, reply?: string | RegExp): Promise<Sent>
  /** writes `text`; the bot says nothing in the same room */
  shouldNotReply(text: string): Promise<Sent>
}

export interface TestApp {
  bot: SimBot
  world: SimWorld
  /** the context the plugins got (a plugin's own context: `ctx.service` as it sees it) */
  ctx: PluginContext
  /** the operator in the HQ room */
  hq: TestClient
  /** a member in a group room, or (`room` undefined) a contact in a private chat */
  member(room: string | undefined, from: string): TestClient
  /** waits until the bot's work is done; what it did since the last step */
  settle(): Promise<Sent>
  /** replaces the config and reloads it (plugins hear `configReload`) */
  reload(config: Record<string, unknown>): Promise<void>
  /** stops the bot and deletes its keys */
  stop(): Promise<void>
}

const SETTLE_MS = 20_000

/**
 * Starts the bot with `plugins` (default: the whole list) on the simulated `world` (default:
 * HQ and one group), logged in and synced.
 */
export async function createTestApp(
  opts: { plugins?: Plugin[]; world?: WorldSpec | SimWorld; config?: Record<string, unknown>; logger?: Logger } = {},
): Promise<TestApp> {
  const world =
    opts.world && 'transcript' in opts.world ? (opts.world as SimWorld) : buildWorld(scenarioSchema.shape.world.parse(opts.world ?? DEFAULT_WORLD))
  let config = testConfig(opts.config ?? {})
  const prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  let captured: PluginContext | undefined
  // a plugin without middleware or events: it only keeps the context the plugins get
  const capture = definePlugin({ name: 'test-context', apply: (ctx) => void (captured = ctx) })
  const bot = await startSimBot({
    world,
    config: () => config,
    redisUrl: REDIS_URL,
    prefix,
    logger: opts.logger ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
    plugins: [...(opts.plugins ?? defaultPlugins()), capture],
  })
  let mark = world.transcript.length
  const settle = async (): Promise<Sent> => {
    await bot.settled(SETTLE_MS)
    const since = world.transcript.slice(mark)
    mark = world.transcript.length
    return since
  }
  const client = (room: string | undefined, from: string): TestClient => {
    const here = (l: TranscriptLine) => (room ? l.room === room : l.contact === from) && (l.type === 'say' || l.type === 'send')
    const send = async (text: string) => {
      await settle()
      if (room) world.memberSay(room, from, { kind: 'text', text })
      else world.contactSay(from, { kind: 'text', text })
      return settle()
    }
    return {
      send,
      async shouldReply(text, reply) {
        const sent = await send(text)
        const answers = sent.filter(here).map((l) => l.text ?? '')
        const fits = (a: string) => reply === undefined || (typeof reply === 'string' ? a.includes(reply) : reply.test(a))
        if (!answers.some(fits)) throw new Error(`"${text}" in ${room ?? from}: expected a reply ${reply === undefined ? '' : String(reply)}, got ${JSON.stringify(answers)}`)
        return sent
      },
      async shouldNotReply(text) {
        const sent = await send(text)
        const answers = sent.filter(here).map((l) => l.text ?? '')
        if (answers.length) throw new Error(`"${text}" in ${room ?? from}: expected no reply, got ${JSON.stringify(answers)}`)
        return sent
      },
    }
  }
  return {
    bot,
    world,
    get ctx() {
      if (!captured) throw new Error('the test app has not applied its plugins')
      return captured
    },
    hq: client(TEST_HQ, TEST_OPERATOR),
    member: client,
    settle,
    async reload(raw) {
      config = testConfig(raw)
      const problems = await bot.app.reload()
      if (problems?.length) throw new Error(problems.join('\n'))
    },
    async stop() {
      await bot.stop()
      await deleteKeysWithPrefix(REDIS_URL, prefix)
    },
  }
}

/** A transcript line to look for: each field given must match (a RegExp tests a text). */
export type SentPattern = { [K in keyof TranscriptLine]?: TranscriptLine[K] | RegExp }

const matches = (line: TranscriptLine, pattern: SentPattern) =>
  Object.entries(pattern).every(([k, want]) => {
    const got = line[k]
    if (want instanceof RegExp) return typeof got === 'string' && want.test(got)
    if (k === 'text' && typeof want === 'string' && typeof got === 'string') return got.includes(want)
    return JSON.stringify(got) === JSON.stringify(want)
  })

/** The bot did something that fits each pattern (a string `text` is a part of the text). */
export function expectSent(sent: Sent, ...patterns: SentPattern[]): void {
  for (const p of patterns) {
    if (!sent.some((l) => matches(l, p))) {
      throw new Error(`nothing sent fits ${JSON.stringify(p, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}; sent:\n${sent.map((l) => JSON.stringify(l)).join('\n')}`)
    }
  }
}

/** The bot did nothing that fits the pattern. */
export function expectNotSent(sent: Sent, pattern: SentPattern): void {
  const found = sent.filter((l) => matches(l, pattern))
  if (found.length) throw new Error(`sent what it should not: ${found.map((l) => JSON.stringify(l)).join('\n')}`)
}
