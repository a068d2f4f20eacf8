/** A value and the instant its computation began. */
export interface Fresh<T> {
  at: number
  value: T
}

/**
 * The last value of `load`, reused while younger than `maxAgeMs()` (0: never reused);
 * callers arriving during a load share it. The groups table of 1,000 groups costs a few
 * hundred milliseconds of Redis reads: a reload or an export right after needs no new one.
 */
export function freshValue<T>(load: () => Promise<T>, maxAgeMs: () => number, now: () => number): () => Promise<Fresh<T>> {
  let last: Fresh<T> | undefined
  let running: Promise<Fresh<T>> | undefined
  return async () => {
    const max = maxAgeMs()
    if (last && max > 0 && now() - last.at < max) return last
    running ??= (async () => {
      const at = now()
      try {
        last = { at, value: await load() }
        return last
      } finally {
        running = undefined
      }
    })()
    return running
  }
}
