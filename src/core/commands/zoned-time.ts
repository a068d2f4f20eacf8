/**
 * Turns a wall-clock time in an IANA time zone into an epoch instant, with Intl only.
 */

export interface WallClock {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
}

export type ZonedResult = { ok: true; at: number } | { ok: false; reason: 'bad-zone' | 'skipped' }

// a cache, not state: a formatter per zone is costly to build and never changes
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The wall clock of `at` in the formatter's zone, read as if it were UTC. */
function wallAsUtc(f: Intl.DateTimeFormat, at: number): number {
  const n: Record<string, number> = {}
  for (const p of f.formatToParts(new Date(at))) n[p.type] = Number(p.value)
  return Date.UTC(n.year ?? 0, (n.month ?? 1) - 1, n.day ?? 1, n.hour ?? 0, n.minute ?? 0, n.second ?? 0)
}

/**
 * The instant at which clocks in `timeZone` show `wall`. A time skipped by a daylight
 * saving change is `skipped`; a repeated one gives the earlier instant.
 */
export function zonedToEpoch(wall: WallClock, timeZone: string): ZonedResult {
  let f: Intl.DateTimeFormat
  try {
    f = formatter(timeZone)
  } catch {
    return { ok: false, reason: 'bad-zone' }
  }
  const target = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  const firstOffset = wallAsUtc(f, target) - target
  let guess = target - firstOffset
  const secondOffset = wallAsUtc(f, guess) - guess
  if (secondOffset !== firstOffset) guess = target - secondOffset
  return wallAsUtc(f, guess) === target ? { ok: true, at: guess } : { ok: false, reason: 'skipped' }
}
