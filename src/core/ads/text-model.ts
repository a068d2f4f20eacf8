import { deobfuscate } from './deobfuscate'

/**
 * The learned half of ad detection: logistic regression over character 1–3-grams of the
 * text, with every number (and the SMS corpus's masked `xxxx`) read as one token, so the
 * model learns how ads are worded rather than which digits they carry.
 *
 * Why this method: it needs no library and no network, scores a message in a few
 * microseconds (one map lookup per n-gram), its weights are a reviewable list of n-grams,
 * and it can learn one moderator decision at a time (`learn`) without retraining.
 * Character n-grams need no word segmenter, which Chinese would otherwise require.
 *
 * Linear time: the text is cut to MAX_MODEL_CHARS code points before it is read.
 */

export const MAX_MODEL_CHARS = 300

export type TextLabel = 'ad' | 'normal'

/** The model file (src/core/ads/model/text-model.json). */
export interface TextModelData {
  format: 'qunhq-ads-text-model/1'
  /** how it was made: method, data, split, sizes, held-out figures (for people; not read) */
  about: Record<string, unknown>
  bias: number
  /** [n-gram, weight], sorted by n-gram */
  weights: Array<[string, number]>
}

export interface TextModel {
  /** How much `text` reads like an ad, in (0, 1). */
  score(text: string): number
  /**
   * One moderator decision: nudges the weights of the text's n-grams (adding n-grams the
   * model has not seen) until the text itself scores at least `target` (ad) or at most
   * 1 − `target` (normal), in at most LEARN_STEPS steps. Near-duplicates move with it.
   */
  learn(text: string, label: TextLabel, target?: number): void
  /** The current weights as a model file. */
  toData(about?: Record<string, unknown>): TextModelData
  /** n-grams with a weight */
  readonly size: number
}

const LEARN_RATE = 1
const LEARN_STEPS = 30
const DEFAULT_LEARN_TARGET = 0.95

/** Masked digits in the SMS data: 「xxxx」, or 「x」 standing alone (not inside a word like 「xbox」). */
const MASKED_DIGITS = /x{3,}|(?<![a-z])x{1,2}(?![a-z])/g
const DIGIT_RUN = /[0-9]+(?: [0-9]+)*/g
const GAPS = /[\p{P}\p{Z}\p{Cc}\s]+/gu
/** links are the rules' business (and allowed ones are fine): the model reads the words around them */
const URL = /(?:https?|ftp|hxxps?):\/\/[!-~]{0,300}|www\.[!-~]{0,300}/g

/**
 * The text as the model reads it: folded like contacts (digits of any script, lower case),
 * every number and masked number as 「0」, punctuation and spaces as one space.
 */
export function modelText(raw: string): string {
  return deobfuscate(raw.length > MAX_MODEL_CHARS * 2 ? raw.slice(0, MAX_MODEL_CHARS * 2) : raw)
    .replace(URL, ' ')
    .replace(MASKED_DIGITS, '0')
    .replace(DIGIT_RUN, '0')
    .replace(GAPS, ' ')
    .trim()
}

/**
 * n-grams made only of numbers and gaps: how many numbers a text has says more about where
 * it was written (SMS against chat) than whether it is an ad, so only numbers in context
 * (「电话0」, 「0元」) are features
 */
const NUMBERS_ONLY = /^[0 ]+$/

/** The character 1-, 2- and 3-grams of `modelText(raw)`, with repeats (a term counts each time). */
export function textFeatures(raw: string): string[] {
  const chars = Array.from(modelText(raw)).slice(0, MAX_MODEL_CHARS)
  const out: string[] = []
  const add = (gram: string): void => {
    if (!NUMBERS_ONLY.test(gram)) out.push(gram)
  }
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i]!
    add(a)
    if (i + 1 < chars.length) {
      const ab = a + chars[i + 1]!
      add(ab)
      if (i + 2 < chars.length) add(ab + chars[i + 2]!)
    }
  }
  return out
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** A model from its file; the data is copied, so learning never changes `data`. */
export function createTextModel(data: TextModelData): TextModel {
  const weights = new Map<string, number>(data.weights)
  const bias = data.bias

  const zOf = (features: string[]): number => {
    if (features.length === 0) return bias
    let sum = 0
    for (const f of features) sum += weights.get(f) ?? 0
    return bias + sum / Math.sqrt(features.length)
  }

  return {
    score: (text) => sigmoid(zOf(textFeatures(text))),
    learn(text, label, target = DEFAULT_LEARN_TARGET) {
      const features = textFeatures(text)
      if (features.length === 0) return
      const y = label === 'ad' ? 1 : 0
      const scale = 1 / Math.sqrt(features.length)
      for (let step = 0; step < LEARN_STEPS; step++) {
        const p = sigmoid(zOf(features))
        if (label === 'ad' ? p >= target : p <= 1 - target) return
        const g = LEARN_RATE * (y - p) * scale
        for (const f of features) weights.set(f, (weights.get(f) ?? 0) + g)
      }
    },
    toData(about = data.about) {
      const sorted = [...weights].filter(([, w]) => w !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return { format: 'qunhq-ads-text-model/1', about, bias, weights: sorted }
    },
    get size() {
      return weights.size
    },
  }
}
