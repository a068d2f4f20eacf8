/**
 * Training the shipped text model (src/core/ads/text-model.ts) from labelled texts:
 * logistic regression over character 1–3-grams by stochastic gradient descent in a seeded
 * order, so the same texts always give the same weights. `scripts/train-ads.ts` writes the
 * result as src/core/ads/model/text-model.json; the bench trains it without one source at a
 * time (`adsLearning`).
 */
import { adsSchema } from '../src/config/schema'
import { encodeBackground, type BackgroundData } from '../src/core/ads/background-frequencies'
import { compileAds, detectAd } from '../src/core/ads/detect-ad'
import { hashedFeatures } from '../src/core/ads/hashed-features'
import { LEARNED_TRAINING } from '../src/core/ads/learned-model'
import { seededRng } from '../src/core/seeded-rng'
import { createTextModel, MAX_MODEL_CHARS, MIN_NORM_FEATURES, modelCodePoints, modelText, textFeatures, type TextModel } from '../src/core/ads/text-model'
import type { InboundMessage } from '../src/core/types'
import type { LabelledText } from './ads-data'

export interface TextModelTraining {
  seed: number
  epochs: number
  rate: number
  l2: number
  /** n-grams seen in fewer training texts than this are noise (and names, and numbers) */
  minTexts: number
  /** the model keeps this many n-grams, the heaviest */
  keep: number
  /** how many times a text of each source counts (1 when absent) */
  sourceWeights: Record<string, number>
  /** normalise by every n-gram of the text, as scoring does (not only the kept ones) */
  normAll: boolean
}

export const SHIPPED_TRAINING: TextModelTraining = {
  seed: 20261130,
  epochs: 12,
  rate: 0.2,
  // 1e-6 let single n-grams run away (「元」 weighed 7.5: any price read as an ad once trade chat was added)
  l2: 1e-3,
  minTexts: 3,
  // 20,000 of the ~33,000 n-grams seen in 3 texts or more: 9,000 lost 3-4 points of SMS recall
  keep: 20000,
  // the project's corpus is group chat, the kind of text the bot reads
  sourceWeights: { project: 8 },
  normAll: true,
}

interface Example {
  features: string[]
  y: number
  weight: number
}

function shuffle<T>(items: T[], rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
}

function sgd(examples: Example[], vocabulary: Set<string>, o: TextModelTraining): { bias: number; weights: Map<string, number> } {
  const rng = seededRng(o.seed)
  const weights = new Map<string, number>()
  let bias = 0
  const order = [...examples]
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rng)
    const rate = o.rate / (1 + epoch * 0.5)
    for (const { features, y, weight } of order) {
      const kept = features.filter((f) => vocabulary.has(f))
      const scale = kept.length ? 1 / Math.sqrt(Math.max(o.normAll ? features.length : kept.length, MIN_NORM_FEATURES)) : 0
      let z = bias
      for (const f of kept) z += (weights.get(f) ?? 0) * scale
      const g = rate * weight * (y - 1 / (1 + Math.exp(-z)))
      bias += g * 0.1
      for (const f of kept) {
        const w = weights.get(f) ?? 0
        weights.set(f, w + g * scale - rate * o.l2 * w)
      }
    }
  }
  return { bias, weights }
}

export interface TrainedTextModel {
  model: TextModel
  /** the texts trained on (one per distinct text as the model reads it), per source and label */
  bySource: Record<string, { ad: number; normal: number }>
  vocabulary: number
}

/** Trains on `texts` (deduplicated by label and text as the model reads it; classes balanced). */
export function trainTextModel(texts: readonly LabelledText[], options: Partial<TextModelTraining> = {}): TrainedTextModel {
  const o = { ...SHIPPED_TRAINING, ...options }
  const seen = new Set<string>()
  const training = texts.filter((t) => {
    const key = `${t.label}\u0000${modelText(t.text)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const ads = training.filter((t) => t.label === 'ad').length
  const normals = training.length - ads
  const classWeight = { ad: training.length / (2 * Math.max(1, ads)), normal: training.length / (2 * Math.max(1, normals)) }
  const examples: Example[] = training.map((t) => ({
    features: textFeatures(t.text),
    y: t.label === 'ad' ? 1 : 0,
    weight: classWeight[t.label] * (o.sourceWeights[t.source] ?? 1),
  }))
  const textsWith = new Map<string, number>()
  for (const e of examples) for (const f of new Set(e.features)) textsWith.set(f, (textsWith.get(f) ?? 0) + 1)
  const vocabulary = new Set([...textsWith].filter(([, n]) => n >= o.minTexts).map(([f]) => f))

  // train on the whole vocabulary, keep the heaviest n-grams, then settle the kept ones
  const first = sgd(examples, vocabulary, o)
  const kept = new Set([...first.weights].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, o.keep).map(([f]) => f))
  const final = sgd(examples, kept, o)

  const round = (w: number): number => Math.round(w * 1000) / 1000
  const model = createTextModel({
    format: 'qunhq-ads-text-model/1',
    about: {},
    bias: round(final.bias),
    weights: [...final.weights].map(([f, w]) => [f, round(w)] as [string, number]).filter(([, w]) => w !== 0),
  })
  const bySource: Record<string, { ad: number; normal: number }> = {}
  for (const t of training) {
    bySource[t.source] ??= { ad: 0, normal: 0 }
    bySource[t.source]![t.label]++
  }
  return { model, bySource, vocabulary: vocabulary.size }
}

/**
 * `game_trade_train`'s ordinary label is noisy (its README: plain trade ads among the
 * label-0 lines). Its ads are kept; of its label-0 lines only those that offer, ask or
 * price nothing and carry no contact or link are: chat about the game.
 */
const TRADE_WORDING = /出|收|卖|售|要的|需要|滴滴|私|密|m{2,}|加我|元|块|钱|价|老板|代练|接单|带打|上分|出租|[0-9]{5,}/
const NOISY_NORMALS = new Set(['game_trade_train'])

function chatMessage(text: string): InboundMessage {
  return { id: 't', roomId: 'training@chatroom', fromId: 'training', fromName: '', fromAlias: undefined, kind: 'text', text, mentionIds: [], mentionsSelf: false, timestamp: 0 }
}

/** The texts the shipped model learns from, out of `texts`: every one, but the noisy ordinary lines. */
export function generalTrainingTexts(texts: readonly LabelledText[]): LabelledText[] {
  const policy = adsSchema.parse({})
  const rules = compileAds(policy)
  return texts.filter((t) => {
    if (t.label === 'ad' || !NOISY_NORMALS.has(t.source)) return true
    return !TRADE_WORDING.test(t.text) && detectAd(chatMessage(t.text), policy, rules).length === 0
  })
}

/** Slots seen in fewer texts than this are left out of the background file (they weigh as unseen) */
const BACKGROUND_MIN_TEXTS = 3

/** The background frequencies (background-frequencies.ts) of `texts`, for the learned model. */
export function backgroundOf(texts: readonly LabelledText[], bits = LEARNED_TRAINING.bits): BackgroundData {
  const counts = new Map<number, number>()
  const scratch = new Int32Array(MAX_MODEL_CHARS * 3)
  for (const t of texts) {
    const n = hashedFeatures(modelCodePoints(t.text), bits, scratch)
    for (const slot of new Set(scratch.subarray(0, n))) counts.set(slot, (counts.get(slot) ?? 0) + 1)
  }
  return encodeBackground(counts, bits, texts.length, BACKGROUND_MIN_TEXTS)
}
