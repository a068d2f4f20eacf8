import { realNow } from '../core/real-time'

interface Sleeper {
  at: number
  key: string
  wake: () => void
  timer: NodeJS.Timeout
}

/**
 * The bot's and the world's clock in a scenario with `world.startAt` or `advance` steps:
 * the real clock plus an offset. It runs at real speed between steps (pacing gaps, retries
 * and a send's own duration pass as they would), and `advance` (src/sim/advance.ts) makes
 * it jump to the next instant something is due.
 *
 * Everything time-based reads it: the app's `now` (ctx.now: holds, deadlines, day keys),
 * the world (transcript `t` and `at`), and — while `install()`ed — `Date.now`, which is
 * what BullMQ reads for delays, job schedulers' next cron fire and job timestamps. So a
 * delayed job or a scheduler tick is due on this clock, and `advance` only has to promote
 * the jobs whose time it has jumped past. Real durations (timeouts, watchdogs) read
 * `realNow` (src/core/real-time.ts).
 */
export class VirtualClock {
  private offset: number
  private readonly sleepers = new Set<Sleeper>()
  private saved: (() => number) | undefined

  constructor(startAt: number) {
    this.offset = startAt - realNow()
  }

  readonly now = (): number => realNow() + this.offset

  /** moves the clock forward to `at` (never back); wakes the sleepers whose time came */
  jumpTo(at: number): void {
    const now = this.now()
    if (at <= now) return
    this.offset += at - now
    for (const s of [...this.sleepers]) {
      clearTimeout(s.timer)
      if (s.at <= at) this.wake(s)
      else s.timer = setTimeout(() => this.wake(s), s.at - at)
    }
  }

  /**
   * Resolves once the clock reads `at`: by real time passing, or by a jump. `key` names
   * who sleeps (the paced queue of an account), so `advance` knows that queue waits for
   * the clock and not for work.
   */
  sleepUntil(at: number, key: string): Promise<void> {
    const now = this.now()
    if (at <= now) return Promise.resolve()
    return new Promise<void>((done) => {
      const s: Sleeper = { at, key, wake: done, timer: setTimeout(() => this.wake(s), at - now) }
      this.sleepers.add(s)
    })
  }

  /** whether something named `key` sleeps on the clock now */
  sleeping(key: string): boolean {
    for (const s of this.sleepers) if (s.key === key) return true
    return false
  }

  /** the earliest instant a sleeper waits for */
  nextWake(): number | undefined {
    let next: number | undefined
    for (const s of this.sleepers) if (next === undefined || s.at < next) next = s.at
    return next
  }

  /** points `Date.now` at this clock (BullMQ reads it) until `uninstall()` */
  install(): void {
    if (this.saved) return
    this.saved = Date.now
    Date.now = this.now
  }

  uninstall(): void {
    if (!this.saved) return
    Date.now = this.saved
    this.saved = undefined
    for (const s of [...this.sleepers]) {
      clearTimeout(s.timer)
      this.wake(s)
    }
  }

  private wake(s: Sleeper): void {
    if (!this.sleepers.delete(s)) return
    s.wake()
  }
}
