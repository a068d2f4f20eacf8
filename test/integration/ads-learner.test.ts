import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import pino from 'pino'
import { createDeploymentModel } from '../../src/core/ads/deployment-model'
import { sharedTextModel, shippedSlotWeights } from '../../src/core/ads/shipped-text-model'
import { createAdsLearner, workerTrainer, type AdsLearner } from '../../src/plugins/rules/ads-learner'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { createLabelledTexts } from '../../src/store/labelled-texts'
import { createLearnedModels } from '../../src/store/learned-models'
import { runCli } from '../helpers/run-cli'
import { REDIS_URL } from '../helpers/scenario'

/**
 * The deployment's learned model across processes (issue 19): each "process" here is its
 * own Redis connection, stores, model and learner with its own worker thread, on one
 * prefix, as two bot processes of one deployment are. One `ads learn` (a child process)
 * reaches both; only one of them trains it.
 */

const fail = (key: string, problem: string) => {
  throw new Error(`refused ${key}: ${problem}`)
}

describe('the learned model on a real Redis', () => {
  let prefix: string
  const clients: Redis[] = []
  const closers: Array<() => Promise<void>> = []
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  })
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    for (const c of clients.splice(0)) c.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  function process(name: string) {
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
    clients.push(redis)
    const keys = createKeys(prefix)
    const labelled = createLabelledTexts(redis, keys, fail)
    const models = createLearnedModels(redis, keys, fail)
    const model = createDeploymentModel(sharedTextModel(), shippedSlotWeights())
    const trainer = workerTrainer(pino({ level: 'silent' }))
    let trainings = 0
    const learner: AdsLearner = createAdsLearner({
      labelled,
      models,
      model,
      train: (examples) => {
        trainings++
        return trainer.train(examples)
      },
      now: Date.now,
      logger: pino({ level: 'silent' }),
      holder: name,
    })
    closers.push(async () => {
      await learner.close()
      await trainer.close()
    })
    return { labelled, models, model, learner, trainings: () => trainings }
  }

  it('two processes of one deployment pick up one `ads learn`: one trains, both score with the new version', async () => {
    const a = process('a')
    const b = process('b')
    const sale = '起床战争暴力端 永久卡 内部价'
    const before = a.model.score(sale)
    expect(b.model.score(sale)).toBe(before)

    const learned = await runCli('scripts/ads.ts', ['learn', 'test/fixtures/ads-learn/minecraft-labelled.jsonl'], { env: { ...globalThis.process.env, REDIS_URL, QUNHQ_PREFIX: prefix } })
    expect(learned.status).toBe(0)
    const version = await a.labelled.version()
    expect(version).toBeGreaterThan(0)

    // what each process does every second: refresh (load a newer model; start a training if due)
    const end = Date.now() + 60_000
    while (a.model.version < version || b.model.version < version) {
      if (Date.now() > end) throw new Error(`not picked up: a ${a.model.version}, b ${b.model.version}, store ${version}`)
      await Promise.all([a.learner.refresh(), b.learner.refresh()])
      await Promise.all([a.learner.training(), b.learner.training()])
    }
    expect(a.trainings() + b.trainings()).toBe(1)
    expect(await a.models.version()).toBe(version)
    expect(a.model.learnedExamples).toBe(28)
    expect(b.model.learnedExamples).toBe(28)
    // the same weights everywhere: one score, and the taught kind of ad now reads as one
    expect(b.model.score(sale)).toBeCloseTo(a.model.score(sale), 6)
    expect(a.model.score(sale)).toBeGreaterThan(0.9)
    expect(before).toBeLessThan(0.5)
  })
})
