import { deobfuscate } from './deobfuscate'
import { featureHashes, gramHash } from './hashed-features'

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
/** the most n-grams a text has: 3 per code point read */
export const MAX_FEATURES = MAX_MODEL_CHARS * 3

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
  /** The same from the text's n-gram hashes (`featureHashes`: the first `n` of `hashes`). */
  logitOfFeatures(hashes: Int32Array, n: number): number
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

/** The code points the model reads, at most MAX_MODEL_CHARS (what the learned model reads too). */
export function modelCodePoints(raw: string): number[] {
  const folded = deobfuscate(raw.length > MAX_MODEL_CHARS * 2 ? raw.slice(0, MAX_MODEL_CHARS * 2) : raw)
  if (folded.includes('://') || folded.includes('www.')) return codePointsOf(modelText(raw))
  return scanModelCodePoints(folded)
}

function codePointsOf(text: string): number[] {
  const out: number[] = []
  for (let i = 0; i < text.length && out.length < MAX_MODEL_CHARS; i++) {
    const cp = text.codePointAt(i)!
    if (cp > 0xffff) i++
    out.push(cp)
  }
  return out
}

const GAP = /^[\p{P}\p{Z}\p{Cc}\s]$/u
/** per BMP code point: 0 not looked at yet, 1 a gap (GAPS), 2 not */
const gapOf = new Uint8Array(0x10000)
function isGap(cp: number): boolean {
  if (cp > 0xffff) return GAP.test(String.fromCodePoint(cp))
  let g = gapOf[cp]!
  if (g === 0) gapOf[cp] = g = GAP.test(String.fromCharCode(cp)) ? 1 : 2
  return g === 1
}
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a
const X = 0x78

/**
 * `codePointsOf(modelText(raw))` in one pass over the folded text with no link in it, with
 * no regular expression and no intermediate string: what every message costs the model.
 * The same rules as NUMBERS then GAPS then trim (test: text-model-scan.test.ts).
 */
function scanModelCodePoints(s: string): number[] {
  const out: number[] = []
  const len = s.length
  let gap = false
  const emit = (cp: number): boolean => {
    if (gap) {
      gap = false
      if (out.length > 0) {
        out.push(0x20)
        if (out.length >= MAX_MODEL_CHARS) return false
      }
    }
    out.push(cp)
    return out.length < MAX_MODEL_CHARS
  }
  let i = 0
  while (i < len) {
    const c = s.charCodeAt(i)
    if (isDigit(c)) {
      // [0-9]+(?: [0-9]+)*
      let j = i + 1
      for (;;) {
        while (j < len && isDigit(s.charCodeAt(j))) j++
        if (j + 1 < len && s.charCodeAt(j) === 0x20 && isDigit(s.charCodeAt(j + 1))) j += 2
        else break
      }
      i = j
      if (!emit(0x30)) return out
      continue
    }
    if (c === X) {
      let j = i + 1
      while (j < len && s.charCodeAt(j) === X) j++
      const run = j - i
      // x{3,}, or (?<![a-z])x{1,2}(?![a-z]); else the letters stay
      const number = run >= 3 || ((i === 0 || !isLower(s.charCodeAt(i - 1))) && (j >= len || !isLower(s.charCodeAt(j))))
      if (number) {
        if (!emit(0x30)) return out
      } else {
        for (let k = 0; k < run; k++) if (!emit(X)) return out
      }
      i = j
      continue
    }
    const cp = s.codePointAt(i)!
    i += cp > 0xffff ? 2 : 1
    if (isGap(cp)) gap = true
    else if (!emit(cp)) return out
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
 * The weights, keyed by each n-gram's 32-bit hash (`featureHashes`, which the learned model
 * reads too, so a message's n-grams are hashed once): open addressing over typed arrays, no
 * Map and no boxed number per lookup. A collision between two of the model's twenty
 * thousand n-grams, or of an unseen one with one of them, is about one in 200,000 per
 * lookup.
 */
class WeightTable {
  private keys = new Int32Array(1 << 16)
  private values = new Float64Array(1 << 16)
  private used = new Uint8Array(1 << 16)
  private mask = (1 << 16) - 1
  /** the slot of a key: the top bits of its product with a large odd number */
  private shift = 16
  size = 0

  get(h: number): number {
    const { keys, used, mask } = this
    let i = Math.imul(h, 0x9e3779b1) >>> this.shift
    while (used[i] === 1) {
      if (keys[i] === h) return this.values[i]!
      i = (i + 1) & mask
    }
    return 0
  }

  set(h: number, w: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow()
    const { keys, used, mask } = this
    let i = Math.imul(h, 0x9e3779b1) >>> this.shift
    while (used[i] === 1) {
      if (keys[i] === h) {
        this.values[i] = w
        return
      }
      i = (i + 1) & mask
    }
    used[i] = 1
    keys[i] = h
    this.values[i] = w
    this.size++
  }

  private grow(): void {
    const { keys, values, used } = this
    const size = keys.length * 2
    this.keys = new Int32Array(size)
    this.values = new Float64Array(size)
    this.used = new Uint8Array(size)
    this.mask = size - 1
    this.shift--
    this.size = 0
    for (let i = 0; i < keys.length; i++) if (used[i] === 1) this.set(keys[i]!, values[i]!)
  }
}

/** one text's n-gram hashes at a time (scoring is synchronous) */
const scratch = new Int32Array(MAX_FEATURES)

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** A model from its file; the data is copied, so learning never changes `data`. */
export function createTextModel(data: TextModelData): TextModel {
  const table = new WeightTable()
  /** the n-gram text of every key, for `toData` */
  const grams = new Map<number, string>()
  const keyOf = (gram: string): number => gramHash(Array.from(gram, (c) => c.codePointAt(0)!))
  const setWeight = (gram: string, w: number): void => {
    const key = keyOf(gram)
    table.set(key, w)
    grams.set(key, gram)
  }
  for (const [gram, w] of data.weights) setWeight(gram, w)
  const bias = data.bias

  const zOfFeatures = (hashes: Int32Array, n: number): number => {
    if (n === 0) return bias
    let sum = 0
    for (let i = 0; i < n; i++) sum += table.get(hashes[i]!)
    return bias + sum / Math.sqrt(Math.max(n, MIN_NORM_FEATURES))
  }
  const zOf = (cps: readonly number[]): number => zOfFeatures(scratch, featureHashes(cps, scratch))

  return {
    score: (text) => sigmoid(zOf(modelCodePoints(text))),
    logitOf: zOf,
    logitOfFeatures: zOfFeatures,
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
        for (const f of features) setWeight(f, table.get(keyOf(f)) + g)
      }
    },
    toData(about = data.about) {
      const weights: Array<[string, number]> = []
      for (const [key, gram] of grams) {
        const w = table.get(key)
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
