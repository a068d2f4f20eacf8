/**
 * The textbook classifier the issue compares with: TF-IDF over character 1–3-grams of the
 * raw text (lower case; smoothed idf, L2-normalised rows, as scikit-learn's
 * TfidfVectorizer(analyzer='char', ngram_range=(1, 3))) and logistic regression with L2
 * (C = 1), fitted by stochastic gradient descent in a seeded order. No rules, no review
 * zone of its own: `ad` at p ≥ 0.5, and for a "with review" figure p ≥ 0.1 (the same width
 * in log-odds as our review zone, 0.5–0.9).
 */
import { seededRng } from '../src/core/seeded-rng'

export interface Labelled {
  text: string
  label: 'ad' | 'normal'
}

const grams = (t: string): string[] => {
  const s = Array.from(t.toLowerCase())
  const out: string[] = []
  for (let i = 0; i < s.length; i++) {
    out.push(s[i]!)
    if (i + 1 < s.length) out.push(s[i]! + s[i + 1]!)
    if (i + 2 < s.length) out.push(s[i]! + s[i + 1]! + s[i + 2]!)
  }
  return out
}

/** Fits on `train`; returns p(ad) of a text. */
export function trainTextbookBaseline(train: readonly Labelled[], epochs = 15): (text: string) => number {
  const docs = train.map((t) => grams(t.text))
  const df = new Map<string, number>()
  for (const d of docs) for (const g of new Set(d)) df.set(g, (df.get(g) ?? 0) + 1)
  const n = docs.length
  const vec = (gs: string[]): Array<[string, number]> => {
    const tf = new Map<string, number>()
    for (const g of gs) if (df.has(g)) tf.set(g, (tf.get(g) ?? 0) + 1)
    const v = [...tf].map(([g, c]) => [g, c * (Math.log((1 + n) / (1 + df.get(g)!)) + 1)] as [string, number])
    const norm = Math.sqrt(v.reduce((a, [, x]) => a + x * x, 0)) || 1
    return v.map(([g, x]) => [g, x / norm])
  }
  const rows = docs.map(vec)
  const y = train.map((t) => (t.label === 'ad' ? 1 : 0))
  const w = new Map<string, number>()
  let b = 0
  const lambda = 1 / n // C = 1
  const rng = seededRng(7)
  const order = rows.map((_, i) => i)
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    const rate = 0.5 / (1 + epoch)
    for (const i of order) {
      let z = b
      for (const [g, x] of rows[i]!) z += (w.get(g) ?? 0) * x
      const err = y[i]! - sigmoid(z)
      b += rate * err
      for (const [g, x] of rows[i]!) {
        const wg = w.get(g) ?? 0
        w.set(g, wg + rate * (err * x - lambda * wg))
      }
    }
  }
  return (text) => {
    let z = b
    for (const [g, x] of vec(grams(text))) z += (w.get(g) ?? 0) * x
    return sigmoid(z)
  }
}
