import { canonicalVariants, cleanText, normalizeDigits } from './normalize-text'

/**
 * Near-duplicates of texts a moderator has labelled. A spammer who was caught posts the
 * same ad again with the clauses reordered, an emoji or two, another phone number; those
 * copies must be caught at once, without waiting for the model to learn.
 *
 * Texts are compared as sets of character bigrams of their normalised form (Chinese carries
 * a word in one or two characters, so bigrams, not words), by Jaccard similarity. MinHash
 * signatures in locality-sensitive bands find the few candidates worth comparing, so a
 * message costs the same whether the store holds ten texts or twenty thousand.
 */

/** Only the start of a text is compared: ads are short, and a 1 MB message must cost no more than a long one. */
const MAX_INPUT = 2000

/** Letters and digits only, lower case, 微信 homophones spelt back, a run of digits as one `0`. */
export function normalizeLabelText(text: string): string {
  return canonicalVariants(cleanText(normalizeDigits(text.slice(0, MAX_INPUT).normalize('NFKC'))))
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/\p{N}+/gu, '0')
}

/** Under this many characters a text is matched exactly (too few bigrams to compare). */
const MIN_CHARS = 6
const BANDS = 25
const ROWS = 3
const HASHES = BANDS * ROWS
/**
 * Fixed seeds: every process computes the same signature for the same text. Hash i of a
 * (well-mixed) pair is `a_i · x + b_i` mod 2^32 with a_i odd: one multiply per hash.
 */
const SEEDS_A = new Uint32Array(HASHES)
const SEEDS_B = new Uint32Array(HASHES)
{
  let s = 0x9e3779b9
  const next = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0)
  for (let i = 0; i < HASHES; i++) {
    SEEDS_A[i] = next() | 1
    SEEDS_B[i] = next()
  }
}

/** One of the MinHash functions: the seed mixed in, then murmur3's finaliser (32-bit integer work only). */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A text's character pairs, each as an exact number (two code points), for comparing. */
function bigrams(norm: string): Set<number> {
  const out = new Set<number>()
  let prev = -1
  for (const ch of norm) {
    const cp = ch.codePointAt(0)!
    if (prev >= 0) out.add(prev * 0x110000 + cp)
    prev = cp
  }
  return out
}

function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let shared = 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  for (const x of small) if (large.has(x)) shared++
  const union = a.size + b.size - shared
  return union === 0 ? 0 : shared / union
}

/** The MinHash signature cut in bands, each band one 32-bit bucket number. */
function bandKeys(shingles: ReadonlySet<number>): number[] {
  const mins = new Uint32Array(HASHES).fill(0xffffffff)
  for (const pair of shingles) {
    const x = mix(pair % 0x100000000, (pair / 0x100000000) >>> 0)
    for (let i = 0; i < HASHES; i++) {
      const v = (Math.imul(x, SEEDS_A[i]!) + SEEDS_B[i]!) >>> 0
      if (v < mins[i]!) mins[i] = v
    }
  }
  const keys: number[] = []
  for (let band = 0; band < BANDS; band++) {
    let h = band
    for (let r = 0; r < ROWS; r++) h = mix(Math.imul(h, 0x01000193) ^ mins[band * ROWS + r]!, 0x9e3779b9)
    keys.push(h)
  }
  return keys
}

export interface NearDuplicateMatch<T> {
  item: T
  /** Jaccard similarity of the bigram sets, 1 for the same normalised text */
  similarity: number
}

interface Indexed<T> {
  item: T
  norm: string
  shingles: Set<number>
}

/**
 * An index of labelled texts. `add` a text with whatever it should answer (`item`);
 * `match(text, min)` gives the most similar indexed text at or above `min`, or undefined.
 * A text added again replaces the earlier one (the latest label wins).
 */
export function createNearDuplicateIndex<T>() {
  const byNorm = new Map<string, Indexed<T>>()
  const buckets = new Map<number, Set<Indexed<T>>>()

  function remove(entry: Indexed<T>): void {
    byNorm.delete(entry.norm)
    if (entry.norm.length < MIN_CHARS) return
    for (const key of bandKeys(entry.shingles)) buckets.get(key)?.delete(entry)
  }

  return {
    get size() {
      return byNorm.size
    },
    add(text: string, item: T): void {
      const norm = normalizeLabelText(text)
      if (norm === '') return
      const old = byNorm.get(norm)
      if (old) remove(old)
      const entry: Indexed<T> = { item, norm, shingles: bigrams(norm) }
      byNorm.set(norm, entry)
      if (norm.length < MIN_CHARS) return
      for (const key of bandKeys(entry.shingles)) {
        let bucket = buckets.get(key)
        if (!bucket) buckets.set(key, (bucket = new Set()))
        bucket.add(entry)
      }
    },
    match(text: string, min: number): NearDuplicateMatch<T> | undefined {
      if (byNorm.size === 0) return undefined // nothing taught yet: no cost per message
      const norm = normalizeLabelText(text)
      const exact = byNorm.get(norm)
      if (exact) return { item: exact.item, similarity: 1 }
      if (norm.length < MIN_CHARS) return undefined
      const shingles = bigrams(norm)
      let best: NearDuplicateMatch<T> | undefined
      const seen = new Set<Indexed<T>>()
      for (const key of bandKeys(shingles)) {
        for (const entry of buckets.get(key) ?? []) {
          if (seen.has(entry)) continue
          seen.add(entry)
          const similarity = jaccard(shingles, entry.shingles)
          if (similarity >= min && (!best || similarity > best.similarity)) best = { item: entry.item, similarity }
        }
      }
      return best
    },
  }
}

export type NearDuplicateIndex<T> = ReturnType<typeof createNearDuplicateIndex<T>>
