import { randomBytes } from 'node:crypto'
import { parseConfigObject } from '../../src/config/load-config'
import type { Config } from '../../src/config/schema'
import { questionsSection } from '../../src/config/sections/questions'
import { defaultPlugins } from '../../src/features'
import { commandErrors } from '../../src/messages'
import { definePlugin } from '../../src/plugin'
import { buildWorld } from '../../src/sim/build-world'
import { startSimBot, type SimBot } from '../../src/sim/sim-bot'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { waitFor } from '../helpers/outbound'
import { capturedLogger } from '../helpers/private-redis'
import { REDIS_URL, textIn, until } from '../helpers/scenario'
import { replyCommand } from '../../src/hq/reply-command'

const configWith = (batchMs: number): Config =>
  parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    roles: { operator: ['wxid_op1'] },
    groups: { list: [{ room: 'g1@chatroom', key: 'g1' }] },
    outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: '' },
    rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } },
    questions: { batchMs },
  })

/**
 * A plugin in the place of `questions` (its name is in MESSAGE_ORDER, its Config the
 * `questions:` section) that registers one of each kind: a command, a middleware, a
 * control job, an outcome subscriber and a config-reload hook.
 */
function probe() {
  const seen: string[] = []
  const jobs: unknown[] = []
  const outcomes: string[] = []
  let reloads = 0
  const plugin = definePlugin({
    name: 'questions',
    Config: questionsSection,
    apply(ctx, config) {
      ctx.command(replyCommand, (call) => call.reply(`probe batchMs=${config().batchMs}`))
      ctx.middleware(async (c, next) => {
        seen.push(c.message.text)
        await next()
      })
      ctx.job('probe-job', async (data) => void jobs.push(data.n))
      ctx.on('outcome', async (_jobId, data) => void (data.action.type === 'say' && outcomes.push(data.action.text)))
      ctx.on('configReload', async () => void reloads++)
    },
  })
  return { plugin, seen, jobs, outcomes, reloads: () => reloads }
}

describe('a plugin unloads every registration it made', () => {
  const prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  let bot: SimBot | undefined
  afterAll(async () => {
    await bot?.stop()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('applies: command, middleware, control job, outcomes and its config section work; unloaded: each is gone; re-applied: back', async () => {
    const world = buildWorld({
      bot: { id: 'wxid_bot', name: '群助手' },
      contacts: [],
      rooms: [
        { id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'], admins: [], aliases: {} },
        { id: 'g1@chatroom', topic: '北京1群', members: ['wxid_a'], admins: [], aliases: {} },
      ],
      generate: [],
    })
    let config = configWith(60000)
    const p = probe()
    const plugins = defaultPlugins().map((x) => (x.name === 'questions' ? p.plugin : x))
    const { logger, lines } = capturedLogger('warn')
    bot = await startSimBot({ world, config: () => config, redisUrl: REDIS_URL, prefix, logger, plugins })
    const app = bot.app
    const hq = () => textIn(world.transcript, 'hq@chatroom')
    const command = async (expected: string) => {
      const before = hq().length
      world.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text: '#回复 Q1 你好' })
      await until(world, `HQ hears ${expected}`, () => hq().slice(before).includes(expected))
    }
    const help = async (fits: (text: string) => boolean) => {
      const before = hq().length
      world.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text: '#帮助' })
      await until(world, 'HQ hears the help list', () => hq().slice(before).some(fits))
    }

    // applied: the command answers from the plugin's own section, the outcome of that answer is heard
    await command('probe batchMs=60000')
    await waitFor(async () => p.outcomes.includes('probe batchMs=60000'), 10_000)
    world.memberSay('g1@chatroom', 'wxid_a', { kind: 'text', text: '大家好' })
    await bot.settled(10_000)
    expect(p.seen).toContain('大家好')
    await app.ctx.control.add('probe-job', { n: 1 }, { jobId: 'probe-1' })
    await waitFor(async () => p.jobs.includes(1), 10_000)
    // a reload: the plugin hears it and reads the new section
    config = configWith(1234)
    expect(await app.reload()).toBeUndefined()
    expect(p.reloads()).toBe(1)
    await command('probe batchMs=1234')

    // unloaded
    expect(app.plugins.names()).toContain('questions')
    await app.plugins.unload('questions')
    expect(app.plugins.names()).not.toContain('questions')
    // its command is gone: not parsed (unknown, as a word no plugin declares), not in #帮助
    await command(commandErrors.unknown('#回复'))
    expect(app.ctx.commands.get('reply')).toBeUndefined()
    await help((text) => text.includes('#帮助 /help') && !text.includes('#回复 /reply'))
    world.memberSay('g1@chatroom', 'wxid_a', { kind: 'text', text: '再见' })
    await bot.settled(10_000)
    expect(p.seen).not.toContain('再见')
    expect(p.outcomes).not.toContain(commandErrors.unknown('#回复'))
    await app.ctx.control.add('probe-job', { n: 2 }, { jobId: 'probe-2' })
    await waitFor(async () => lines.some((l) => l.msg === 'control job failed' && l.name === 'probe-job'), 10_000)
    await app.ctx.control.remove('probe-2')
    expect(p.jobs).not.toContain(2)
    expect(await app.reload()).toBeUndefined()
    expect(p.reloads()).toBe(1)

    // re-applied in its place: each registration is back
    await app.plugins.apply(p.plugin)
    await command('probe batchMs=1234')
    await help((text) => text.includes('#回复 /reply'))
    world.memberSay('g1@chatroom', 'wxid_a', { kind: 'text', text: '又来了' })
    await bot.settled(10_000)
    expect(p.seen).toContain('又来了')
    await app.ctx.control.add('probe-job', { n: 3 }, { jobId: 'probe-3' })
    await waitFor(async () => p.jobs.includes(3), 10_000)
  })
})
