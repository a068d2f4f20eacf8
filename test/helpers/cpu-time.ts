/**
 * Milliseconds of CPU this process spent running `fn` (user + system), not of the wall clock:
 * on a shared machine other processes stretch the wall clock (a CI run at load 17 made
 * wall-timed bounds flake) but not this process's own CPU time. Bounds on it still need a
 * wide margin: a busy machine slows each instruction a little (caches, frequency), and the
 * figure includes the process's other threads (the garbage collector's).
 */
export function cpuMs(fn: () => unknown): number {
  const c0 = process.cpuUsage()
  fn()
  const used = process.cpuUsage(c0)
  return (used.user + used.system) / 1000
}
