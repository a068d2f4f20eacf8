/**
 * The labelled texts the text model is trained and measured on: the public data in
 * ../shared/data/ads-external (read where it lies, never copied into the project) and the
 * project's own corpus (test/fixtures/ads-corpus). Shared by scripts/train-ads.ts and the bench.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { modelText, type TextLabel } from '../src/core/ads/text-model'
import { fnv1a } from '../src/core/fnv1a'

export const PROJECT_ROOT = join(__dirname, '..')
export const DEFAULT_EXTERNAL_DIR = join(PROJECT_ROOT, '..', 'shared', 'data', 'ads-external')
export const MODEL_FILE = join(PROJECT_ROOT, 'src', 'core', 'ads', 'model', 'text-model.json')
/** the n-gram frequencies the learned model weighs by (src/core/ads/background-frequencies.ts) */
export const BACKGROUND_FILE = join(PROJECT_ROOT, 'src', 'core', 'ads', 'model', 'background.json')
const FIXTURE_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'ads-corpus')

export interface LabelledText {
  /** the data set (`sms80w_spam`, `lccc_weibo`, …, `project`) */
  source: string
  label: TextLabel
  text: string
}

/** Share of texts held out from training, in percent. */
export const HELD_OUT_PERCENT = 20

/**
 * The deterministic split: a text is held out when the hash of what the model reads
 * (`modelText`: numbers and masked digits as one token) falls in the first 20 of 100
 * buckets. Texts that differ only in their numbers land on the same side, so a template
 * SMS sent with different numbers cannot be trained on and measured on at once.
 */
export function isHeldOut(text: string): boolean {
  return fnv1a(modelText(text)) % 100 < HELD_OUT_PERCENT
}

/** Every line of every *.jsonl in `dir` (`{source, label, text}`); a bad line names its file and line. */
export function readExternalData(dir: string): LabelledText[] {
  if (!existsSync(dir)) throw new Error(`${dir}: no such directory (the public ads data set; see docs/ads.md)`)
  const out: LabelledText[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return
      const where = `${file}:${i + 1}`
      let value: { source?: unknown; label?: unknown; text?: unknown }
      try {
        value = JSON.parse(line) as typeof value
      } catch {
        throw new Error(`${where}: invalid JSON`)
      }
      if ((value.label !== 'ad' && value.label !== 'normal') || typeof value.text !== 'string') {
        throw new Error(`${where}: expected {label: "ad"|"normal", text}`)
      }
      out.push({ source: typeof value.source === 'string' ? value.source : file.replace(/\.jsonl$/, ''), label: value.label, text: value.text })
    })
  }
  return out
}

/** The project's own corpus: what a member wrote in each text and link line (other kinds have no wording). */
export function readProjectCorpus(dir = FIXTURE_DIR): LabelledText[] {
  const out: LabelledText[] = []
  for (const [file, label] of [['ads.jsonl', 'ad'], ['ordinary.jsonl', 'normal']] as const) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const value = JSON.parse(line) as { kind: string; text: string; url?: { description?: string } }
      if (value.kind === 'text') out.push({ source: 'project', label, text: value.text })
      if (value.kind === 'url') out.push({ source: 'project', label, text: [value.text, value.url?.description ?? ''].join('\n') })
    }
  }
  return out
}
