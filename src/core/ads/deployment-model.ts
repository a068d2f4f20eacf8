import { createLearnedScorer, type LearnedModel } from './learned-model'
import { featureHashes } from './hashed-features'
import { MAX_FEATURES, modelCodePoints, type TextModel } from './text-model'

/** What scoring a text needs from a model (`compileAds`' `model`). */
export interface TextScorer {
  /** How much `text` reads like an ad, in (0, 1). */
  score(text: string): number
}

/**
 * The model a deployment scores with: the shipped model's log-odds plus what its own
 * learned model adds (`learned-model.ts`). `use` swaps the learned part in one assignment,
 * so a message is scored wholly by one version or the next, never by a mix, and the
 * message path never waits for a training: it scores with the version it has.
 */
export interface DeploymentModel extends TextScorer {
  use(learned: LearnedModel | undefined, version: number): void
  /** the version in use (0: the shipped model alone) */
  readonly version: number
  /** how many examples the learned part was trained on */
  readonly learnedExamples: number
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

export function createDeploymentModel(shipped: TextModel, slotWeights: Float32Array): DeploymentModel {
  let scorer: ((hashes: Int32Array, n: number, baseLogit: number) => number) | undefined
  const hashes = new Int32Array(MAX_FEATURES)
  let version = 0
  let examples = 0
  return {
    score(text) {
      // the n-grams are hashed once, for the shipped model and the learned one
      const n = featureHashes(modelCodePoints(text), hashes)
      const z = shipped.logitOfFeatures(hashes, n)
      return sigmoid(scorer ? scorer(hashes, n, z) : z)
    },
    use(learned, v) {
      scorer = learned ? createLearnedScorer(learned, slotWeights) : undefined
      examples = learned ? learned.examples.ad + learned.examples.normal : 0
      version = v
    },
    get version() {
      return version
    },
    get learnedExamples() {
      return examples
    },
  }
}
