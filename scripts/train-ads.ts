/**
 * npm run ads:train -- [DATA_DIR]: trains the ad text model and writes
 * src/core/ads/model/text-model.json.
 *
 * Data: every *.jsonl in DATA_DIR (default ../shared/data/ads-external) plus the project's
 * own corpus (test/fixtures/ads-corpus), minus the held-out 20% (`isHeldOut`: by hash of
 * the text as the model reads it). Method: logistic regression over character 1–3-grams
 * (see src/core/ads/text-model.ts), trained by stochastic gradient descent in a seeded
 * order, so the same data always gives the same file. No network.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, relative, resolve } from 'node:path'
import { seededRng } from '../src/core/seeded-rng'
import { createTextModel, modelText, textFeatures, type TextModelData } from '../src/core/ads/text-model'
import { DEFAULT_EXTERNAL_DIR, HELD_OUT_PERCENT, isHeldOut, MODEL_FILE, PROJECT_ROOT, readExternalData, readProjectCorpus, type LabelledText } from './ads-data'

const SEED = 20261130
const EPOCHS = 12
const RATE = 0.2
const L2 = 1e-6
/** n-grams seen in fewer training texts than this are noise (and names, and numbers) */
const MIN_TEXTS = 3
/** the model file keeps this many n-grams, the heaviest: about 200 KB */
const KEEP = 9000
/** the project's corpus is group chat, the kind of text the bot reads: it counts this many times */
const PROJECT_WEIGHT = 8

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

function train(examples: Example[], vocabulary: Set<string>, epochs: number, rng: () => number): { bias: number; weights: Map<string, number> } {
  const weights = new Map<string, number>()
  let bias = 0
  const order = [...examples]
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rng)
    const rate = RATE / (1 + epoch * 0.5)
    for (const { features, y, weight } of order) {
      const kept = features.filter((f) => vocabulary.has(f))
      const scale = kept.length ? 1 / Math.sqrt(kept.length) : 0
      let z = bias
      for (const f of kept) z += (weights.get(f) ?? 0) * scale
      const g = rate * weight * (y - 1 / (1 + Math.exp(-z)))
      bias += g * 0.1
      for (const f of kept) {
        const w = weights.get(f) ?? 0
        weights.set(f, w + g * scale - rate * L2 * w)
      }
    }
  }
  return { bias, weights }
}

function main(): void {
  const dataDir = resolve(process.argv[2] ?? DEFAULT_EXTERNAL_DIR)
  const external = readExternalData(dataDir)
  const all: LabelledText[] = [...external, ...readProjectCorpus()]

  // one example per distinct text as the model reads it (template SMS differ only in numbers)
  const seen = new Set<string>()
  const training = all.filter((t) => {
    const key = `${t.label}\u0000${modelText(t.text)}`
    if (isHeldOut(t.text) || seen.has(key)) return false
    seen.add(key)
    return true
  })
  const ads = training.filter((t) => t.label === 'ad').length
  const normals = training.length - ads
  // balance the classes: each carries half the total weight
  const classWeight = { ad: training.length / (2 * ads), normal: training.length / (2 * normals) }
  const examples: Example[] = training.map((t) => ({
    features: textFeatures(t.text),
    y: t.label === 'ad' ? 1 : 0,
    weight: classWeight[t.label] * (t.source === 'project' ? PROJECT_WEIGHT : 1),
  }))

  const textsWith = new Map<string, number>()
  for (const e of examples) for (const f of new Set(e.features)) textsWith.set(f, (textsWith.get(f) ?? 0) + 1)
  const vocabulary = new Set([...textsWith].filter(([, n]) => n >= MIN_TEXTS).map(([f]) => f))

  // train on the whole vocabulary, keep the heaviest n-grams, then settle the kept ones
  const first = train(examples, vocabulary, EPOCHS, seededRng(SEED))
  const kept = new Set([...first.weights].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, KEEP).map(([f]) => f))
  const final = train(examples, kept, EPOCHS, seededRng(SEED))

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
  const about = {
    method: 'logistic regression, character 1-3-grams, numbers as one token, L2-normalised counts',
    trainedBy: 'npm run ads:train (scripts/train-ads.ts)',
    data: `${basename(dataDir)}/*.jsonl (public, not in the project) + test/fixtures/ads-corpus (weight ${PROJECT_WEIGHT})`,
    split: `held out: fnv1a(modelText(text)) % 100 < ${HELD_OUT_PERCENT}`,
    trainingTexts: bySource,
    seed: SEED,
    epochs: EPOCHS,
    minTexts: MIN_TEXTS,
    kept: KEEP,
  }
  writeModel(model.toData(about))
  process.stderr.write(`ads:train: ${training.length} texts (${ads} ads), ${vocabulary.size} n-grams, kept ${model.size} → ${relative(PROJECT_ROOT, MODEL_FILE)}\n`)
}

/** One n-gram a line, so a retrained model reads as a diff. */
function writeModel(data: TextModelData): void {
  const lines = data.weights.map(([f, w]) => `    ${JSON.stringify([f, w])}`)
  const text = `{\n  "format": ${JSON.stringify(data.format)},\n  "about": ${JSON.stringify(data.about)},\n  "bias": ${data.bias},\n  "weights": [\n${lines.join(',\n')}\n  ]\n}\n`
  mkdirSync(dirname(MODEL_FILE), { recursive: true })
  writeFileSync(MODEL_FILE, text)
}

try {
  main()
} catch (err) {
  process.stderr.write(`ads:train: ${(err as Error).message}\n`)
  process.exit(1)
}
