import { join } from 'node:path'
import type { Logger } from 'pino'
import type { DeploymentModel } from '../../core/ads/deployment-model'
import type { LearnedExample, LearnedModel } from '../../core/ads/learned-model'
import { createWorkerPool } from '../../images/worker-pool'
import type { LabelledTexts, LabelledText } from '../../store/labelled-texts'
import type { LearnedModels } from '../../store/learned-models'
import type { TrainingJob } from './learned-model-worker'

/** How often a process asks Redis whether a newer learned model (or newer labels to train on) exists. */
export const LEARNED_REFRESH_MS = 1000
/** a training of 100,000 examples takes well under a minute; past this the worker is given up on */
const TRAINING_LIMIT_MS = 5 * 60_000

const WORKER = join(__dirname, `learned-model-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`)

/** Trains a learned model from examples, somewhere other than the message path. */
export type Trainer = (examples: LearnedExample[]) => Promise<LearnedModel>

/** A trainer on one worker thread (`entry`: tests give one that waits for them). */
export function workerTrainer(logger: Logger, entry = WORKER): { train: Trainer; close(): Promise<void> } {
  const pool = createWorkerPool<TrainingJob, LearnedModel>({
    entry,
    name: 'ads-learner',
    logger,
    size: () => 1,
    timeLimitMs: () => TRAINING_LIMIT_MS,
    maxQueue: () => 1,
    resourceLimits: () => ({ maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 }),
  })
  return {
    async train(examples) {
      const result = await pool.run({ examples })
      if (!result.ok) throw new Error(`training ${result.reason}${result.error ? `: ${result.error}` : ''}`)
      return result.value
    },
    close: () => pool.close(),
  }
}

/** A labelled text as the learned model reads it. */
export const exampleOf = (e: LabelledText): LearnedExample => ({ text: e.original, label: e.label })

export interface AdsLearnerDeps {
  labelled: LabelledTexts
  models: LearnedModels
  /** the model the deployment scores with; its learned part is swapped when a newer one is stored */
  model: DeploymentModel
  train: Trainer
  now: () => number
  logger: Logger
  /** who holds the training lock (the account and something unique to this process) */
  holder: string
}

/**
 * Keeps a process's deployment model up to date, off the message path:
 * - `refresh` (every LEARNED_REFRESH_MS) reads the stored model's version and loads it when
 *   it moved, so every process scores with a new version within about a second of it being
 *   stored;
 * - when the labelled store has moved past the stored model and no process is training
 *   (a Redis lock), it starts a training of the whole store on a worker thread, stores the
 *   result and uses it. A message never waits for any of this: it is scored by the version
 *   in use.
 */
export function createAdsLearner(deps: AdsLearnerDeps) {
  const { labelled, models, model, logger } = deps
  let training: Promise<void> | undefined
  let refreshing: Promise<void> | undefined
  let closed = false

  async function load(): Promise<number> {
    const stored = await models.version()
    if (stored > model.version) {
      const got = await models.get()
      if (got && got.version > model.version) {
        model.use(got.model, got.version)
        logger.info({ version: got.version, examples: got.meta.examples }, 'ads: learned model loaded')
      }
    }
    return Math.max(stored, model.version)
  }

  async function train(): Promise<void> {
    if (!(await models.lock(deps.holder))) return // another process trains
    try {
      const version = await labelled.version()
      if (version <= (await models.version())) return
      const started = deps.now()
      const examples = (await labelled.all()).map(exampleOf)
      const learned = await deps.train(examples)
      if (closed) return
      const trainMs = deps.now() - started
      await models.put(version, learned, { trainedAt: deps.now(), trainMs })
      if (version > model.version) model.use(learned, version)
      logger.info({ version, examples: learned.examples, trainMs }, 'ads: learned model trained')
    } finally {
      await models.unlock(deps.holder).catch(() => undefined)
    }
  }

  async function refreshOnce(): Promise<void> {
    const held = await load()
    if (training || closed) return
    if ((await labelled.version()) <= held) return
    training = train()
      .catch((err: Error) => {
        // stopping the bot ends a training in hand: not a failure worth a warning
        if (closed) logger.debug({ err: err.message }, 'ads: training stopped with the bot')
        else logger.warn({ err: err.message }, 'ads: training the learned model failed; the last one stays in use')
      })
      .finally(() => (training = undefined))
  }

  return {
    /** loads a newer model; starts a training when the labels moved past it (never waits for it) */
    refresh(): Promise<void> {
      refreshing ??= refreshOnce().finally(() => (refreshing = undefined))
      return refreshing
    },
    /** the training in progress in this process, if any */
    training: () => training,
    /** 1 while the labels are ahead of the model in use (a training is due or running): what "settled" waits for */
    async behind(): Promise<number> {
      return (await labelled.version()) > model.version ? 1 : 0
    },
    async close(): Promise<void> {
      closed = true
      await refreshing?.catch(() => undefined)
    },
  }
}

export type AdsLearner = ReturnType<typeof createAdsLearner>
