import { seededRng } from '../seeded-rng'
import { hashedFeatures } from './hashed-features'
import { modelCodePoints, MAX_FEATURES } from './text-model'

/**
 * The deployment's own model: what its operators taught (`#广告`, `#误判`, `ads learn`,
 * the removals nobody contested), learned as a correction on top of the shipped model.
 *
 * It is logistic regression over hashed character n-grams (`hashed-features.ts`) whose
 * log-odds are *added* to the shipped model's: trained with the shipped model's log-odds
 * as a fixed offset, it only learns what the shipped model gets wrong on this deployment's
 * examples, and a deployment that taught nothing scores exactly as the shipped model does.
 * Every learned example counts in full, where in a retrain of the shipped model it would
 * be one text among 11,000 SMS and Weibo lines; and the n-grams it learns are never capped.
 *
 * Pure: training and scoring take plain data, so a worker thread, the CLI and the bench
 * run the same code. Deterministic: the same examples in the same order give the same
 * weights, so `ads check` answers as the running bot does.
 */

export const LEARNED_FORMAT = 'qunhq-ads-learned/1'

export type LearnedLabel = 'ad' | 'normal'

export interface LearnedExample {
  text: string
  label: LearnedLabel
  /** how much it counts (1 by default) */
  weight?: number
}

export interface LearnedModel {
  format: typeof LEARNED_FORMAT
  /** 2^bits weight slots */
  bits: number
  weights: Float32Array
  /** what it was trained on */
  examples: { ad: number; normal: number }
}

export interface LearnedTraining {
  bits: number
  epochs: number
  /** the first epoch's step; each later epoch's is smaller */
  rate: number
  /** pull of every weight towards 0 per step: keeps a handful of examples from ruling a whole n-gram */
  l2: number
  seed: number
  /** when both labels were taught, each carries half the weight */
  balance: boolean
  /**
   * an ordinary text the model already scores below this teaches nothing: what a
   * deployment's ordinary examples should teach is where the model was wrong, not that
   * every word they share with ads is ordinary
   */
  normalMargin: number
}

/** docs/ads.md ("The deployment's model") has the figures behind these */
export const LEARNED_TRAINING: LearnedTraining = { bits: 20, epochs: 10, rate: 2, l2: 1e-5, seed: 20261205, balance: true, normalMargin: 0.3 }

/** What the learned model stands on: the shipped model's log-odds, and how rare each n-gram slot is (`background-frequencies.ts`). */
export interface LearnedBase {
  logitOf(cps: readonly number[]): number
  /** 2^bits weights in (0, 1] */
  slotWeights: Float32Array
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))


interface Prepared {
  features: Int32Array
  /** 1 / sqrt(number of features): counts are L2-normalised, as in the shipped model */
  scale: number
  offset: number
  y: number
  weight: number
}

function shuffle<T>(items: T[], rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
}

/**
 * Trains on `examples` against `base` (the shipped model's log-odds of a text's code
 * points, and how rare each slot is). Stochastic gradient descent in a seeded order. Cost: about a microsecond per
 * feature per epoch, so 20,000 chat messages train in a second or two on one core.
 */
export function trainLearnedModel(examples: readonly LearnedExample[], base: LearnedBase, options: Partial<LearnedTraining> = {}): LearnedModel {
  const o = { ...LEARNED_TRAINING, ...options }
  const slotWeight = base.slotWeights
  if (slotWeight.length !== 1 << o.bits) throw new Error(`learned model: ${slotWeight.length} slot weights for ${o.bits} bits`)
  const weights = new Float32Array(1 << o.bits)
  const scratch = new Int32Array(MAX_FEATURES)
  const prepared: Prepared[] = []
  const count = { ad: 0, normal: 0 }
  for (const e of examples) {
    const cps = modelCodePoints(e.text)
    const n = hashedFeatures(cps, o.bits, scratch)
    if (n === 0) continue
    count[e.label]++
    let norm = 0
    for (let i = 0; i < n; i++) norm += slotWeight[scratch[i]!]! ** 2
    prepared.push({ features: scratch.slice(0, n), scale: 1 / Math.sqrt(norm), offset: base.logitOf(cps), y: e.label === 'ad' ? 1 : 0, weight: e.weight ?? 1 })
  }
  if (o.balance && count.ad > 0 && count.normal > 0) {
    const total = count.ad + count.normal
    for (const p of prepared) p.weight *= total / (2 * (p.y === 1 ? count.ad : count.normal))
  }
  const rng = seededRng(o.seed)
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(prepared, rng)
    const rate = o.rate / (1 + epoch * 0.5)
    const decay = 1 - rate * o.l2
    for (const p of prepared) {
      const f = p.features
      let z = p.offset
      for (let i = 0; i < f.length; i++) z += weights[f[i]!]! * slotWeight[f[i]!]! * p.scale
      const err = p.y - sigmoid(z)
      if (p.y === 0 && -err < o.normalMargin) continue
      const g = rate * p.weight * err
      const step = g * p.scale
      for (let i = 0; i < f.length; i++) {
        const k = f[i]!
        weights[k] = weights[k]! * decay + step * slotWeight[k]!
      }
    }
  }
  return { format: LEARNED_FORMAT, bits: o.bits, weights, examples: count }
}

/**
 * The combined log-odds of a text, given the shipped model's and the text's n-gram hashes
 * (`featureHashes`: the first `n` of `hashes`), so the text is hashed once for both models.
 */
export function createLearnedScorer(model: LearnedModel, slotWeight: Float32Array): (hashes: Int32Array, n: number, baseLogit: number) => number {
  const { weights, bits } = model
  const mask = (1 << bits) - 1
  return (hashes, n, baseLogit) => {
    if (n === 0) return baseLogit
    let sum = 0
    let norm = 0
    for (let i = 0; i < n; i++) {
      const k = hashes[i]! & mask
      const s = slotWeight[k]!
      sum += weights[k]! * s
      norm += s * s
    }
    return baseLogit + sum / Math.sqrt(norm)
  }
}
