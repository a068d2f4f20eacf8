import type { DigestLists } from '../store/digest-lists'
import { jobIdPart } from './job-id'
import type { ControlQueue } from './control-queue'

/**
 * One HQ message per window instead of one per item: the first item of a window opens it
 * and schedules the control job `digest-<name>` at its end (BullMQ's delay, so it
 * survives a restart); later items only join the list; the job takes the list and sends
 * one text. A window of 0 sends each item at once. Reusable by any plugin with lines for
 * HQ (review items, warnings, images left unchecked): give it a name, a window and a way
 * to render the items.
 */
export interface HqDigest<T> {
  /** `key`: unique to the item (a case id): with a window of 0 it names the one send */
  add(item: T, key: string): Promise<void>
}

export interface HqDigestDeps<T> {
  name: string
  control: ControlQueue
  lists: DigestLists
  /** read at each item, so a config reload applies to the next window */
  windowMs: () => number
  now: () => number
  /** the one text for these items (they arrived in this order) */
  render: (items: T[]) => string | undefined
  /** tells HQ (`ctx.hq.say`); the job id makes a re-run send nothing twice */
  send: (text: string, jobId: string) => Promise<void>
  /** an item as stored and read back (JSON by default); undefined: it does not read, and is left out */
  parse?: (raw: string) => T | undefined
}

export function createHqDigest<T>(deps: HqDigestDeps<T>): HqDigest<T> {
  const job = `digest-${deps.name}`
  const parse = deps.parse ?? ((raw: string) => JSON.parse(raw) as T)
  deps.control.on(job, async (_data, j) => {
    const items = (await deps.lists.take(deps.name)).flatMap((raw) => {
      try {
        return parse(raw) ?? []
      } catch {
        return []
      }
    })
    const text = items.length ? deps.render(items) : undefined
    if (text) await deps.send(text, jobIdPart(`${job}-${j.id ?? deps.now()}`))
  })
  return {
    async add(item, key) {
      const windowMs = deps.windowMs()
      const now = deps.now()
      if (windowMs <= 0) {
        const text = deps.render([item])
        if (text) await deps.send(text, jobIdPart(`${job}-${key}`))
        return
      }
      if (await deps.lists.add(deps.name, JSON.stringify(item), windowMs, now)) {
        await deps.control.add(job, {}, { jobId: jobIdPart(`${job}-${now}`), delayMs: windowMs })
      }
    },
  }
}
