/**
 * Runs tasks with the same key one after another (in this process). Two ads sent a moment
 * apart must read each other's strikes, and two messages must not both claim the same
 * nickname reminder; different members still run side by side.
 */
export function createKeyedSerial() {
  const tails = new Map<string, Promise<void>>()
  return async function serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve()
    const run = previous.then(task)
    const tail = run.then(
      () => undefined,
      () => undefined,
    )
    tails.set(key, tail)
    try {
      return await run
    } finally {
      if (tails.get(key) === tail) tails.delete(key)
    }
  }
}
