/** Calendar arithmetic on `YYYY-MM-DD` day keys (see core/time-window `dayKey`). */

import { DAY_MS } from './types'

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS
}

/** The day key `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10)
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from))
}

const ranges = new Map<string, readonly string[]>()

/** The `n` day keys ending with `last`, oldest first. */
export function dayRange(last: string, n: number): string[] {
  // remembered: a report of 1,000 groups asks for the same few ranges thousands of times,
  // and each day key costs a Date and an ISO string (bench/console-groups.ts)
  const key = `${last}/${n}`
  let range = ranges.get(key)
  if (!range) {
    if (ranges.size >= 64) ranges.clear()
    range = Array.from({ length: n }, (_, i) => addDays(last, i - n + 1))
    ranges.set(key, range)
  }
  return [...range]
}
