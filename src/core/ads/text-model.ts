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

/**
 * A text's n-gram counts are L2-normalised, but over at least this many n-grams (about six
 * characters): a two-character reply (「出」, 「要的」, 「滴滴我」) is too short to read as an ad
 * by its wording alone, and would otherwise weigh as much as a whole paragraph.
 */
export const MIN_NORM_FEATURES = 15

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
  /** The log-odds behind `score`, from the code points `modelCodePoints` gives. */
  logitOf(cps: readonly number[]): number
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

/**
 * Numbers, and the SMS data's masked digits: 「xxxx」, or 「x」 standing alone (not inside a
 * word like 「xbox」); digit groups keep the single spaces `deobfuscate` leaves between them.
 */
const NUMBERS = /[0-9]+(?: [0-9]+)*|x{3,}|(?<![a-z])x{1,2}(?![a-z])/g
const GAPS = /[\p{P}\p{Z}\p{Cc}\s]+/gu
/** links are the rules' business (and allowed ones are fine): the model reads the words around them */
const URL = /(?:https?|ftp|hxxps?):\/\/[!-~]{0,300}|www\.[!-~]{0,300}/g

/**
 * The text as the model reads it: folded like contacts (digits of any script, lower case),
 * links left out, every number and masked number as 「0」, punctuation and spaces as one
 * space.
 */
export function modelText(raw: string): string {
  let text = deobfuscate(raw.length > MAX_MODEL_CHARS * 2 ? raw.slice(0, MAX_MODEL_CHARS * 2) : raw)
  if (text.includes('://') || text.includes('www.')) text = text.replace(URL, ' ')
  return text.replace(NUMBERS, '0').replace(GAPS, ' ').trim()
}

/**
 * n-grams made only of numbers and gaps: how many numbers a text has says more about where
 * it was written (SMS against chat) than whether it is an ad, so only numbers in context
 * (「电话0」, 「0元」) are features
 */
const NUMBERS_ONLY = /^[0 ]+$/
const ZERO = 0x30
const SPACE = 0x20
const isNumberOrGap = (cp: number): boolean => cp === ZERO || cp === SPACE

/** The code points the model reads, at most MAX_MODEL_CHARS (what the learned model reads too). */
export function modelCodePoints(raw: string): number[] {
  const text = modelText(raw)
  const out: number[] = []
  for (let i = 0; i < text.length && out.length < MAX_MODEL_CHARS; i++) {
    const cp = text.codePointAt(i)!
    if (cp > 0xffff) i++
    out.push(cp)
  }
  return out
}

/** The character 1-, 2- and 3-grams of `modelText(raw)`, with repeats (a term counts each time). */
export function textFeatures(raw: string): string[] {
  const chars = modelCodePoints(raw).map((cp) => String.fromCodePoint(cp))
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

/**
 * An n-gram as a small integer, so scoring builds no strings and no heap numbers: its code
 * point for a 1-gram, a 30-bit hash for 2- and 3-grams (a collision between two of the
 * model's few thousand n-grams, or with an unseen one, is about one in 10^5 per lookup).
 * Each length has its own table, so the ranges never meet.
 */
function mix(h: number, c: number): number {
  h = Math.imul(h ^ c, 0x9e3779b1)
  return h ^ (h >>> 15)
}
const finish = (h: number): number => {
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d)
  return (h ^ (h >>> 16)) & 0x3fffffff
}
const key2 = (a: number, b: number): number => finish(mix(mix(0x2545f491, a), b))
const key3 = (a: number, b: number, c: number): number => finish(mix(mix(mix(0x6a09e667, a), b), c))

interface Tables {
  one: Map<number, number>
  two: Map<number, number>
  three: Map<number, number>
}

function tableKey(gram: string): [keyof Tables, number] {
  const cps = Array.from(gram, (c) => c.codePointAt(0)!)
  if (cps.length === 1) return ['one', cps[0]!]
  if (cps.length === 2) return ['two', key2(cps[0]!, cps[1]!)]
  return ['three', key3(cps[0]!, cps[1]!, cps[2]!)]
}

/** The summed weights of the features of `cps` (numbers-only n-grams skipped), and how many there are. */
function sumFeatures(cps: readonly number[], tables: Tables): { sum: number; n: number } {
  let n = 0
  let sum = 0
  for (let i = 0; i < cps.length; i++) {
    const a = cps[i]!
    const na = isNumberOrGap(a)
    if (!na) {
      sum += tables.one.get(a) ?? 0
      n++
    }
    if (i + 1 >= cps.length) continue
    const b = cps[i + 1]!
    const nab = na && isNumberOrGap(b)
    if (!nab) {
      sum += tables.two.get(key2(a, b)) ?? 0
      n++
    }
    if (i + 2 >= cps.length) continue
    const c = cps[i + 2]!
    if (!(nab && isNumberOrGap(c))) {
      sum += tables.three.get(key3(a, b, c)) ?? 0
      n++
    }
  }
  return { sum, n }
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** A model from its file; the data is copied, so learning never changes `data`. */
export function createTextModel(data: TextModelData): TextModel {
  const tables: Tables = { one: new Map(), two: new Map(), three: new Map() }
  /** the n-gram text of every key, for `toData` */
  const grams = new Map<string, string>()
  const setWeight = (gram: string, w: number): void => {
    const [table, key] = tableKey(gram)
    tables[table].set(key, w)
    grams.set(`${table}:${key}`, gram)
  }
  for (const [gram, w] of data.weights) setWeight(gram, w)
  const bias = data.bias

  const zOf = (cps: readonly number[]): number => {
    const { sum, n } = sumFeatures(cps, tables)
    return n === 0 ? bias : bias + sum / Math.sqrt(Math.max(n, MIN_NORM_FEATURES))
  }

  return {
    score: (text) => sigmoid(zOf(modelCodePoints(text))),
    logitOf: zOf,
    learn(text, label, target = DEFAULT_LEARN_TARGET) {
      const cps = modelCodePoints(text)
      const features = textFeatures(text)
      if (features.length === 0) return
      const y = label === 'ad' ? 1 : 0
      const scale = 1 / Math.sqrt(Math.max(features.length, MIN_NORM_FEATURES))
      for (let step = 0; step < LEARN_STEPS; step++) {
        const p = sigmoid(zOf(cps))
        if (label === 'ad' ? p >= target : p <= 1 - target) return
        const g = LEARN_RATE * (y - p) * scale
        for (const f of features) {
          const [table, key] = tableKey(f)
          setWeight(f, (tables[table].get(key) ?? 0) + g)
        }
      }
    },
    toData(about = data.about) {
      const weights: Array<[string, number]> = []
      for (const [id, gram] of grams) {
        const [table, key] = id.split(':') as [keyof Tables, string]
        const w = tables[table].get(Number(key)) ?? 0
        if (w !== 0) weights.push([gram, w])
      }
      weights.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return { format: 'qunhq-ads-text-model/1', about, bias, weights }
    },
    get size() {
      return grams.size
    },
  }
}
