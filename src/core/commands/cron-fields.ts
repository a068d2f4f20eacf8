/**
 * Validation of a cron expression, field by field: numbers in range, `*`, `*\/n`, `a-b`,
 * `a-b/n`, `a/n` and comma lists. Six fields put seconds first (as BullMQ reads them).
 */

export type CronFieldName = 'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek'

interface FieldSpec {
  name: CronFieldName
  min: number
  max: number
}

const fiveFields: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  // 7 is Sunday too, as in cron-parser
  { name: 'dayOfWeek', min: 0, max: 7 },
]

const sixFields: readonly FieldSpec[] = [{ name: 'second', min: 0, max: 59 }, ...fiveFields]

export type CronCheck =
  | { ok: true; pattern: string }
  | { ok: false; problem: 'count'; count: number }
  | { ok: false; problem: 'field'; field: CronFieldName; value: string }

const itemPattern = /^(?:\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/

function validItem(item: string, spec: FieldSpec): boolean {
  const m = itemPattern.exec(item)
  if (!m) return false
  const [, from, to, step] = m
  const inRange = (v: number) => v >= spec.min && v <= spec.max
  if (from !== undefined) {
    if (!inRange(Number(from))) return false
    if (to !== undefined && (!inRange(Number(to)) || Number(to) < Number(from))) return false
  }
  return step === undefined || (Number(step) >= 1 && Number(step) <= spec.max - spec.min + 1)
}

export function checkCron(expression: string): CronCheck {
  const fields = expression.split(/\s+/).filter((f) => f !== '')
  const specs = fields.length === 6 ? sixFields : fields.length === 5 ? fiveFields : undefined
  if (!specs) return { ok: false, problem: 'count', count: fields.length }
  for (const [i, spec] of specs.entries()) {
    const value = fields[i] ?? ''
    if (!value.split(',').every((item) => validItem(item, spec))) {
      return { ok: false, problem: 'field', field: spec.name, value }
    }
  }
  return { ok: true, pattern: fields.join(' ') }
}
