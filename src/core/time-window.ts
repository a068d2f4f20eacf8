/**
 * Pure time helpers in a configured time zone (quiet hours, day keys). No clock: `now`
 * is always passed in.
 */

interface LocalTime {
  date: string // YYYY-MM-DD
  minutes: number // minutes since local midnight
  seconds: number
  ms: number
  weekday: number // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export function localTime(now: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(now))) parts[p.type] = p.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
    ms: now % 1000,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'),
  }
}

/** `2026-12-01T08:00:00+08:00`: the instant in ISO 8601 with the zone's offset then (whole seconds). */
export function isoInZone(now: number, timeZone: string): string {
  const t = localTime(now, timeZone)
  const hh = Math.floor(t.minutes / 60)
  const mm = t.minutes % 60
  const localAsUtc = Date.parse(`${t.date}T${pad(hh)}:${pad(mm)}:${pad(t.seconds)}Z`)
  const offsetMin = Math.round((localAsUtc - (now - (((now % 1000) + 1000) % 1000))) / 60000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  return `${t.date}T${pad(hh)}:${pad(mm)}:${pad(t.seconds)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

const pad = (n: number) => String(n).padStart(2, '0')

let lastDay = { now: NaN, timeZone: '', date: '' }

/** `YYYY-MM-DD` of `now` in the time zone: the key of a "day" for caps and records. */
export function dayKey(now: number, timeZone: string): string {
  // the last answer again for the same instant: a request over many groups asks once per group
  if (now !== lastDay.now || timeZone !== lastDay.timeZone) lastDay = { now, timeZone, date: localTime(now, timeZone).date }
  return lastDay.date
}

function parseHhmm(s: string): number {
  const [h, m] = s.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/**
 * When `now` falls inside `quietHours` ("23:00-07:00", may wrap midnight; "" = none),
 * the instant the quiet ends; otherwise undefined.
 */
export function quietUntil(now: number, quietHours: string, timeZone: string): number | undefined {
  if (!quietHours) return undefined
  const [from, to] = quietHours.split('-')
  if (!from || !to) return undefined
  const start = parseHhmm(from)
  const end = parseHhmm(to)
  if (start === end) return undefined
  const t = localTime(now, timeZone)
  const inside = start < end ? t.minutes >= start && t.minutes < end : t.minutes >= start || t.minutes < end
  if (!inside) return undefined
  const minutesLeft = (end - t.minutes + 1440) % 1440
  return now + minutesLeft * 60000 - t.seconds * 1000 - t.ms
}

/** The first instant of the next local day. */
export function nextDayStart(now: number, timeZone: string): number {
  const t = localTime(now, timeZone)
  return now + (1440 - t.minutes) * 60000 - t.seconds * 1000 - t.ms
}
