import type { LearnsFromExamples } from './labelled-examples'
import { createNearDuplicateIndex, type NearDuplicateIndex } from '../../core/ads/near-duplicate'
import type { LabelledText, LabelledTexts } from '../../store/labelled-texts'

/** How often a process asks Redis whether the labelled store changed: one GET a second. */
export const LABEL_REFRESH_MS = 1000
/**
 * Labels carry their writer's clock; another process's clock may run behind ours. Reading
 * back this far past the newest label held catches a label written late with an earlier
 * time (those already held are skipped).
 */
const CLOCK_SKEW_MS = 60_000

/**
 * The labelled store as an in-memory near-duplicate index, one per process. Every message
 * reads the index from memory; at most once a second it compares the store's version
 * counter and, when another process (or this one) labelled a text, loads what is new. So a
 * `#广告` in HQ reaches every process within a second, and this process at once.
 * Learners (the text model) get each labelled text once, as it is loaded.
 */
export function createLabelIndex(store: LabelledTexts, now: () => number, learners: LearnsFromExamples[] = []) {
  let index: NearDuplicateIndex<LabelledText> = createNearDuplicateIndex()
  let loaded = new Map<string, number>() // normalised text → labelled at
  let version = -1
  let checkedAt = -Infinity
  let loading: Promise<void> | undefined

  /** the newest label time this process holds: later loads read only from there on */
  let newestAt = -Infinity

  async function load(): Promise<void> {
    const v = await store.version()
    if (v === version) return
    const before = loaded
    // Fewer texts than we hold: some were dropped past the cap; rebuild from the whole store.
    // Otherwise read only what was labelled since the newest text we hold (a label changed
    // later gets a later time, so it is read too): one #广告 must not make every process
    // re-read 20,000 texts before its next message.
    const rebuild = (await store.count()) < loaded.size
    if (rebuild) {
      index = createNearDuplicateIndex()
      loaded = new Map()
      newestAt = -Infinity
    }
    const fresh = newestAt === -Infinity ? await store.all() : await store.since(newestAt - CLOCK_SKEW_MS)
    for (const e of fresh) {
      newestAt = Math.max(newestAt, e.at)
      if (loaded.get(e.text) === e.at) continue
      // learners see each label once: a rebuild does not teach them again
      const learnt = before.get(e.text) === e.at
      loaded.set(e.text, e.at)
      index.add(e.text, e)
      if (!learnt) for (const l of learners) l.learn(e.original, e.label)
    }
    version = v
  }

  async function refresh(force: boolean): Promise<void> {
    const t = now()
    if (!force && t - checkedAt < LABEL_REFRESH_MS) return
    checkedAt = t
    loading ??= load().finally(() => (loading = undefined))
    await loading
  }

  return {
    /** the index, reloaded when the store moved (checked at most once a second) */
    async current(): Promise<NearDuplicateIndex<LabelledText>> {
      await refresh(false)
      return index
    },
    /** after a label written by this process: reload now */
    async reload(): Promise<void> {
      checkedAt = -Infinity
      if (loading) await loading
      await refresh(true)
    },
  }
}

export type LabelIndex = ReturnType<typeof createLabelIndex>
