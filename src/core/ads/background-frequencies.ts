/**
 * How common each n-gram is in text at large: the document frequencies of the hashed
 * n-grams (`hashed-features.ts`) over the shipped model's training texts, ads and ordinary
 * alike. Derived numbers, not texts: `npm run ads:train` writes them beside the model
 * (src/core/ads/model/background.json), and the learned model reads them as inverse
 * document frequencies.
 *
 * Why the learned model needs them: a deployment often teaches one side only (an export of
 * its removed messages is all ads). Without a measure of how common an n-gram is, the
 * n-grams every text has (「的」, 「了」, 「我」) would learn to mean `ad` from such a file and
 * lift every ordinary message. Weighted by rarity, as in TF-IDF, what is learned sits on the
 * n-grams that set the taught texts apart.
 */

export const BACKGROUND_FORMAT = 'qunhq-ads-background/1'

/** The file: slots seen in at least `minTexts` texts, as a base64 list of varints (slot deltas and counts). */
export interface BackgroundData {
  format: typeof BACKGROUND_FORMAT
  bits: number
  /** texts counted */
  texts: number
  /** slots seen in fewer texts are left out (they read as seen in none) */
  minTexts: number
  slots: string
}

function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  out.push(v)
}

/** The file of `counts` (slot → number of texts holding it). */
export function encodeBackground(counts: ReadonlyMap<number, number>, bits: number, texts: number, minTexts: number): BackgroundData {
  const bytes: number[] = []
  let last = 0
  for (const slot of [...counts.keys()].filter((k) => counts.get(k)! >= minTexts).sort((a, b) => a - b)) {
    pushVarint(bytes, slot - last)
    pushVarint(bytes, counts.get(slot)!)
    last = slot
  }
  return { format: BACKGROUND_FORMAT, bits, texts, minTexts, slots: Buffer.from(bytes).toString('base64') }
}

/**
 * Each slot's weight in (0, 1]: its smoothed inverse document frequency
 * (ln((1 + N) / (1 + df)) + 1) over that of an n-gram seen nowhere, so a rare n-gram
 * weighs 1 and one in every other text about a third.
 */
export function backgroundWeights(data: BackgroundData): Float32Array {
  if (data.format !== BACKGROUND_FORMAT) throw new Error(`background: unknown format ${String(data.format)}`)
  const n = data.texts
  const top = Math.log(1 + n) + 1
  const weights = new Float32Array(1 << data.bits).fill(1)
  const bytes = Buffer.from(data.slots, 'base64')
  let i = 0
  const read = (): number => {
    let v = 0
    let shift = 0
    for (;;) {
      const b = bytes[i++]!
      v += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return v
      shift += 7
    }
  }
  let slot = 0
  while (i < bytes.length) {
    slot += read()
    const df = read()
    weights[slot] = (Math.log((1 + n) / (1 + df)) + 1) / top
  }
  return weights
}
