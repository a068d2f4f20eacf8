import type { LabelledLine } from '../../core/ads/labelled-file'
import { LABELLED_BATCH, type AddedLabels, type LabelledTexts } from '../../store/labelled-texts'

export interface ImportOptions {
  /** who labelled (`import` for `ads learn`, the operator's id from the console) */
  by: string
  /** where the labels came from, as HQ reads it (导入) */
  source: string
  now: () => number
  /** asked before each batch: true stops the import there (Ctrl-C); the batches written stay */
  shouldStop?: () => boolean
  /** after each batch: the lines written so far */
  onBatch?: (done: number, total: number) => void
}

export interface ImportResult extends AddedLabels {
  /** examples written (in whole batches) */
  written: number
  /** true when `shouldStop` ended it early */
  stopped: boolean
}

/**
 * Puts a labelled file's examples in the deployment's labelled store, LABELLED_BATCH at a
 * time, each batch one atomic write (labelled-texts.ts): stopped midway, the store holds
 * whole batches and nothing half-written. Each label is a person's (confirmed): an operator
 * chose to hand these over.
 */
export async function importLabels(store: LabelledTexts, examples: readonly LabelledLine[], opts: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { added: 0, relabelled: 0, duplicates: 0, dropped: 0, written: 0, stopped: false }
  for (let i = 0; i < examples.length; i += LABELLED_BATCH) {
    if (opts.shouldStop?.()) {
      result.stopped = true
      break
    }
    const batch = examples.slice(i, i + LABELLED_BATCH)
    const at = opts.now()
    const added = await store.addMany(batch.map((e) => ({ text: e.text, label: e.label, by: opts.by, at, source: opts.source, confirmed: true })))
    result.added += added.added
    result.relabelled += added.relabelled
    result.duplicates += added.duplicates
    result.dropped += added.dropped
    result.written += batch.length
    opts.onBatch?.(result.written, examples.length)
  }
  return result
}
