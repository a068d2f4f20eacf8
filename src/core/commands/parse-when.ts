/**
 * The "when" of a schedule (docs/commands.md, "when" for schedules): daily, workdays,
 * weekly, once at a local date-time, or a cron expression. Pure: the time zone and
 * `now` are passed in.
 */
import { cronFieldNames, weekdayNames, whenErrors, whenTexts } from '../../texts'
import { checkCron } from './cron-fields'
import { whenWords } from '../../texts/syntax-words'
import { zonedToEpoch } from './zoned-time'

export type When =
  | { kind: 'cron'; pattern: string; description: string }
  | { kind: 'once'; at: number /* epoch ms */; description: string }

export interface WhenError {
  kind: 'error'
  message: string
}

type Outcome = When | WhenError | undefined

const clock = String.raw`(\d{1,2}):(\d{2})`
const dailyWord = `(?:${whenWords.daily.join('|')})`
const workdaysWord = `(?:${whenWords.workdays.join('|')})`
const weeklyWord = `(?:${whenWords.weeklyPrefix.join('|')})([${Object.keys(whenWords.weekdays).join('')}])`
const daily = new RegExp(String.raw`^${dailyWord}\s*${clock}$`)
const workdays = new RegExp(String.raw`^${workdaysWord}\s*${clock}$`)
const weekly = new RegExp(String.raw`^${weeklyWord}\s*${clock}$`)
const repeatWordAlone = new RegExp(`^(?:${dailyWord}|${workdaysWord}|${weeklyWord})$`)
const dateTime = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?$/
const quoted = /^["“”]([^"“”]*)["“”]$/
const bareCron = /^[\d*,/-]+(?:\s+[\d*,/-]+){4,5}$/

/** Parses a schedule time. Never throws. */
export function parseWhen(text: string, timeZone: string, now: number): When | WhenError {
  // NFKC folds full-width digits, colons and spaces that Chinese input methods produce
  const input = text.normalize('NFKC').trim()
  if (input === '') return fail(whenErrors.empty)
  return repeating(input) ?? once(input, timeZone, now) ?? cron(input) ?? fail(whenErrors.unknown(text))
}

/**
 * Whether a "when" typed as two tokens continues into `second`: `2026-12-01 20:00`,
 * `每天 08:00`. The command tokenizer splits on spaces and asks this.
 */
export function whenContinues(first: string, second: string): boolean {
  const a = first.normalize('NFKC')
  const b = second.normalize('NFKC')
  if (!/^\d{1,2}:\d{2}(?::\d{2})?$/.test(b)) return false
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(a) || repeatWordAlone.test(a)
}

function fail(message: string): WhenError {
  return { kind: 'error', message }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** `08:00`, or an error when the hour or minute is out of range. */
function clockOf(hour: string, minute: string, input: string): { h: number; m: number; text: string } | WhenError {
  const h = Number(hour)
  const m = Number(minute)
  if (h > 23 || m > 59) return fail(whenErrors.badClock(input))
  return { h, m, text: `${pad(h)}:${pad(m)}` }
}

function repeating(input: string): Outcome {
  let match = daily.exec(input)
  if (match) {
    const c = clockOf(match[1] ?? '', match[2] ?? '', input)
    if ('kind' in c) return c
    return { kind: 'cron', pattern: `${c.m} ${c.h} * * *`, description: whenTexts.daily(c.text) }
  }
  match = workdays.exec(input)
  if (match) {
    const c = clockOf(match[1] ?? '', match[2] ?? '', input)
    if ('kind' in c) return c
    return { kind: 'cron', pattern: `${c.m} ${c.h} * * 1-5`, description: whenTexts.workdays(c.text) }
  }
  match = weekly.exec(input)
  if (match) {
    const day = whenWords.weekdays[match[1] ?? ''] ?? 0
    const c = clockOf(match[2] ?? '', match[3] ?? '', input)
    if ('kind' in c) return c
    const description = whenTexts.weekly(weekdayNames[day] ?? '', c.text)
    return { kind: 'cron', pattern: `${c.m} ${c.h} * * ${day}`, description }
  }
  return undefined
}

function once(input: string, timeZone: string, now: number): Outcome {
  const match = dateTime.exec(input)
  if (!match) return undefined
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1).map((v) => Number(v ?? 0))
  const wall = { year, month, day, hour, minute, second }
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate()
  if (wall.year < 1970 || wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > daysInMonth) {
    return fail(whenErrors.badDate(input))
  }
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return fail(whenErrors.badClock(input))
  const local = `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`
  const zoned = zonedToEpoch(wall, timeZone)
  if (!zoned.ok) {
    return fail(zoned.reason === 'bad-zone' ? whenErrors.badTimeZone(timeZone) : whenErrors.skipped(local, timeZone))
  }
  if (zoned.at <= now) return fail(whenErrors.past(local))
  return { kind: 'once', at: zoned.at, description: whenTexts.once(local) }
}

function cron(input: string): Outcome {
  const inQuotes = quoted.exec(input)
  if (!inQuotes && !bareCron.test(input)) return undefined
  const checked = checkCron(inQuotes ? (inQuotes[1] ?? '') : input)
  if (checked.ok) return { kind: 'cron', pattern: checked.pattern, description: whenTexts.cron(checked.pattern) }
  return fail(
    checked.problem === 'count'
      ? whenErrors.cronFieldCount(checked.count)
      : whenErrors.cronField(cronFieldNames[checked.field], checked.value),
  )
}
