import { questionsSection } from '../../src/config/sections/questions'
import { defaultPlugins } from '../../src/plugins'
import { commandErrors } from '../../src/texts'
import { definePlugin } from '../../src/plugin'
import { waitFor } from '../helpers/outbound'
import { capturedLogger } from '../helpers/private-redis'
import { createTestApp, TEST_GROUP, type TestApp } from '../helpers/test-app'
import { replyCommand } from '../../src/plugins/questions/reply-command'

const configWith = (batchMs: number) => ({
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
  let test: TestApp | undefined
  afterAll(async () => {
    await test?.stop()
  })

  it('applies: command, middleware, control job, outcomes and its config section work; unloaded: each is gone; re-applied: back', async () => {
    const p = probe()
    // the FAQ injects the questions plugin's service: it leaves with the plugin the probe stands in for
    const plugins = defaultPlugins()
      .filter((x) => x.name !== 'faq')
      .map((x) => (x.name === 'questions' ? p.plugin : x))
    const { logger, lines } = capturedLogger('warn')
    test = await createTestApp({ plugins, config: configWith(60000), logger })
    const app = test.bot.app
    const { hq } = test
    const command = (expected: string) => hq.shouldReply('#回复 Q1 你好', expected)
    const chat = (text: string) => test!.member(TEST_GROUP, 'wxid_a').send(text)
    const help = async (listsReply: boolean) => {
      const sent = await hq.shouldReply('#帮助', '#帮助 /help')
      expect(sent.some((l) => (l.text ?? '').includes('#回复 /reply'))).toBe(listsReply)
    }

    // applied: the command answers from the plugin's own section, the outcome of that answer is heard
    await command('probe batchMs=60000')
    await waitFor(async () => p.outcomes.includes('probe batchMs=60000'), 10_000)
    await chat('大家好')
    expect(p.seen).toContain('大家好')
    await app.ctx.control.add('probe-job', { n: 1 }, { jobId: 'probe-1' })
    await waitFor(async () => p.jobs.includes(1), 10_000)
    // a reload: the plugin hears it and reads the new section
    await test.reload(configWith(1234))
    expect(p.reloads()).toBe(1)
    await command('probe batchMs=1234')

    // unloaded
    expect(app.plugins.names()).toContain('questions')
    await app.plugins.unload('questions')
    expect(app.plugins.names()).not.toContain('questions')
    await command(commandErrors.unknown('#回复'))
    // its command is gone: not parsed (unknown, as a word no plugin declares), not in #帮助
    expect(app.ctx.commands.get('reply')).toBeUndefined()
    await help(false)
    await chat('再见')
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
    await help(true)
    await chat('又来了')
    expect(p.seen).toContain('又来了')
    await app.ctx.control.add('probe-job', { n: 3 }, { jobId: 'probe-3' })
    await waitFor(async () => p.jobs.includes(3), 10_000)
  })
})
