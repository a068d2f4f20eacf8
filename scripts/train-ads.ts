/**
 * npm run ads:train -- [DATA_DIR]: trains the ad text model and writes
 * src/core/ads/model/text-model.json.
 *
 * Data: every *.jsonl in DATA_DIR (default ../shared/data/ads-external) plus the project's
 * own corpus (test/fixtures/ads-corpus), minus the held-out 20% (`isHeldOut`: by hash of
 * the text as the model reads it). Method: scripts/text-model-training.ts (logistic
 * regression over character 1–3-grams, seeded: the same data always gives the same file).
 * No network.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, relative, resolve } from 'node:path'
import type { TextModelData } from '../src/core/ads/text-model'
import { BACKGROUND_FILE, DEFAULT_EXTERNAL_DIR, HELD_OUT_PERCENT, isHeldOut, MODEL_FILE, PROJECT_ROOT, readExternalData, readProjectCorpus, type LabelledText } from './ads-data'
import { backgroundOf, generalTrainingTexts, SHIPPED_TRAINING, trainTextModel } from './text-model-training'

function main(): void {
  const dataDir = resolve(process.argv[2] ?? DEFAULT_EXTERNAL_DIR)
  const all: LabelledText[] = [...readExternalData(dataDir), ...readProjectCorpus()]
  const training = generalTrainingTexts(all.filter((t) => !isHeldOut(t.text)))
  const { model, bySource, vocabulary } = trainTextModel(training)
  const o = SHIPPED_TRAINING
  const about = {
    method: 'logistic regression, character 1-3-grams, numbers as one token, L2-normalised counts',
    trainedBy: 'npm run ads:train (scripts/train-ads.ts)',
    data: `${basename(dataDir)}/*.jsonl (public, not in the project; game_trade_train's label-0 lines only when they offer and price nothing) + test/fixtures/ads-corpus (weight ${o.sourceWeights.project})`,
    split: `held out: fnv1a(modelText(text)) % 100 < ${HELD_OUT_PERCENT}`,
    trainingTexts: bySource,
    seed: o.seed,
    epochs: o.epochs,
    minTexts: o.minTexts,
    kept: o.keep,
  }
  writeModel(model.toData(about))
  writeFileSync(BACKGROUND_FILE, `${JSON.stringify(backgroundOf(training))}\n`)
  const texts = Object.values(bySource).reduce((n, s) => n + s.ad + s.normal, 0)
  const ads = Object.values(bySource).reduce((n, s) => n + s.ad, 0)
  process.stderr.write(`ads:train: ${texts} texts (${ads} ads), ${vocabulary} n-grams, kept ${model.size} → ${relative(PROJECT_ROOT, MODEL_FILE)}, ${relative(PROJECT_ROOT, BACKGROUND_FILE)}\n`)
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
