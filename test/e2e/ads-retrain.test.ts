import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { parseLabelledFile } from '../../src/core/ads/labelled-file'
import type { LearnedExample, LearnedModel } from '../../src/core/ads/learned-model'
import { defaultPlugins } from '../../src/plugins'
import { workerTrainer } from '../../src/plugins/rules/ads-learner'
import { importLabels } from '../../src/plugins/rules/import-labels'
import { createRulesPlugin } from '../../src/plugins/rules/index'
import { waitFor } from '../helpers/outbound'
import { FIXTURES, until } from '../helpers/scenario'
import { createTestApp, type TestApp } from '../helpers/test-app'

/**
 * A retrain never holds a message up (issue 19), shown by work: while a training is in
 * progress — the trainer has been handed the examples and the test has not let it answer —
 * the bot handles a run of group messages to the end (warnings out, a review item filed);
 * then the training is let go, the new model is stored and used, and a message only the
 * learned model calls an ad is acted on.
 */
describe('training the learned model while messages arrive', () => {
  let test: TestApp | undefined
  afterAll(async () => {
    await test?.stop()
  })

  it('messages are handled while a training is known to be in progress; its model is used once it is done', async () => {
    let entered!: () => void
    const trainingStarted = new Promise<void>((done) => (entered = done))
    let release!: () => void
    const released = new Promise<void>((done) => (release = done))
    let finished = false
    const held = (logger: pino.Logger) => {
      const real = workerTrainer(logger)
      return {
        async train(examples: LearnedExample[]): Promise<LearnedModel> {
          entered()
          await released
          const model = await real.train(examples)
          finished = true
          return model
        },
        close: () => real.close(),
      }
    }
    const plugins = defaultPlugins().map((p) => (p.name === 'rules' ? createRulesPlugin({ trainer: held }) : p))
    const config = {
      groups: { list: [{ room: 'g1@chatroom', key: 'g1' }] },
      outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: '' },
      rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false }, ads: { warnings: 5, blacklist: false } },
    }
    const members = Array.from({ length: 8 }, (_, i) => `wxid_m${i}`)
    const rooms = [
      { id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'] },
      { id: 'g1@chatroom', topic: '我的世界1群', members },
    ]
    test = await createTestApp({ plugins, world: { rooms }, config })
    const { world, bot } = test
    const { labelled, learnedModels } = bot.app.ctx.stores

    // the deployment's history arrives (as `ads learn` puts it): a training starts and is held
    const file = join(FIXTURES, 'ads-learn', 'minecraft-labelled.jsonl')
    await importLabels(labelled, parseLabelledFile(readFileSync(file, 'utf8'), file).examples, { by: 'import', source: '导入', now: Date.now })
    await trainingStarted

    // a run of messages while the training is in progress: ads with contacts (warned), chat, one for review
    const warned = (id: string) => world.transcript.some((l) => l.type === 'say' && l.room === 'g1@chatroom' && (l.mentions ?? []).includes(id))
    for (const [i, id] of members.slice(0, 6).entries()) world.memberSay('g1@chatroom', id, { kind: 'text', text: `卖起床战争号，加微信 mcshop${1000 + i} 详聊` })
    world.memberSay('g1@chatroom', 'wxid_m6', { kind: 'text', text: '今晚服务器几点维护' })
    world.memberSay('g1@chatroom', 'wxid_m7', { kind: 'text', text: '二手自行车转让，有意私聊' })
    await until(world, 'six warnings', () => members.slice(0, 6).every(warned))
    // the warnings and the review item each filed a case (R1…R7, in whatever order they were handled)
    const kinds = async () => Promise.all(Array.from({ length: 7 }, (_, i) => bot.app.ctx.stores.cases.get(`R${i + 1}`).then((c) => c?.kind)))
    await waitFor(async () => (await kinds()).filter((k) => k === 'review').length === 1 && (await kinds()).filter((k) => k === 'warning').length === 6, 30_000)
    // all of that happened while the training had not answered: nothing stored, nothing in use
    expect(finished).toBe(false)
    expect(await learnedModels.version()).toBe(0)

    // let the training answer: the model is stored and this process scores with it
    release()
    const version = await labelled.version()
    await waitFor(async () => (await learnedModels.version()) === version, 60_000)
    expect(finished).toBe(true)
    // a cheat-client sale only the learned model reads as an ad (no contact, no keyword, no near-copy)
    world.memberSay('g1@chatroom', 'wxid_m6', { kind: 'text', text: '起床战争暴力端 永久卡 内部价' })
    await until(world, 'the learned model acts', () => warned('wxid_m6'))
  })
})
