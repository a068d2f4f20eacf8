import { normalizeLabelText } from './near-duplicate'

/**
 * A deployment's labelled history as an operator hands it over (`npm run ads -- learn
 * FILE`, the console's upload): JSON lines `{"text": "…", "label": "ad"|"normal"}` (other
 * fields ignored), or CSV with a header row naming a `text` and a `label` column (others
 * ignored; RFC 4180 quoting, so a quoted text may hold commas, quotes and line breaks).
 * Every bad line is refused with its line number and a reason; the others are kept.
 */

export type FileLabel = 'ad' | 'normal'

export interface LabelledLine {
  /** the line the example starts on (1-based) */
  line: number
  text: string
  label: FileLabel
}

export interface RefusedLine {
  line: number
  error: string
}

export interface ParsedLabelledFile {
  format: 'jsonl' | 'csv'
  examples: LabelledLine[]
  refused: RefusedLine[]
}

export const labelledFileErrors = {
  invalidJson: 'invalid JSON',
  notObject: 'expected an object like {"text": "…", "label": "ad"}',
  text: 'text must be a string',
  label: 'label must be "ad" or "normal"',
  empty: 'text has no letters or digits',
  csvHeader: 'the first row must name the columns, with "text" and "label" among them',
  csvColumns: (want: number, got: number) => `expected ${want} columns, found ${got}`,
  csvQuote: 'a quote is not closed',
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An example, or why it is refused. */
function check(text: unknown, label: unknown): { text: string; label: FileLabel } | { error: string } {
  if (typeof text !== 'string') return { error: labelledFileErrors.text }
  if (label !== 'ad' && label !== 'normal') return { error: labelledFileErrors.label }
  if (normalizeLabelText(text) === '') return { error: labelledFileErrors.empty }
  return { text, label }
}

function parseJsonLines(body: string): ParsedLabelledFile {
  const out: ParsedLabelledFile = { format: 'jsonl', examples: [], refused: [] }
  body.split('\n').forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      out.refused.push({ line, error: labelledFileErrors.invalidJson })
      return
    }
    if (!isRecord(value)) {
      out.refused.push({ line, error: labelledFileErrors.notObject })
      return
    }
    const checked = check(value.text, value.label)
    if ('error' in checked) out.refused.push({ line, ...checked })
    else out.examples.push({ line, ...checked })
  })
  return out
}

/** CSV records with the line each starts on; a quoted field may span lines. Linear in the text. */
function csvRecords(body: string): Array<{ line: number; fields: string[]; open?: true }> {
  const records: Array<{ line: number; fields: string[]; open?: true }> = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let quoted = false
  let i = 0
  const endRecord = () => {
    fields.push(field)
    records.push({ line: start, fields })
    fields = []
    field = ''
  }
  while (i < body.length) {
    const c = body[i]!
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"'
        i += 2
        continue
      }
      if (c === '"') quoted = false
      else {
        if (c === '\n') line++
        field += c
      }
      i++
      continue
    }
    if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++
      endRecord()
      line++
      start = line
    } else field += c
    i++
  }
  if (quoted) {
    fields.push(field)
    records.push({ line: start, fields, open: true })
  } else if (field !== '' || fields.length > 0) endRecord()
  return records
}

function parseCsv(body: string): ParsedLabelledFile {
  const out: ParsedLabelledFile = { format: 'csv', examples: [], refused: [] }
  const records = csvRecords(body).filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === '' && !r.open))
  const header = records.shift()
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? []
  const textAt = names.indexOf('text')
  const labelAt = names.indexOf('label')
  if (!header || textAt < 0 || labelAt < 0) {
    out.refused.push({ line: header?.line ?? 1, error: labelledFileErrors.csvHeader })
    return out
  }
  for (const r of records) {
    if (r.open) {
      out.refused.push({ line: r.line, error: labelledFileErrors.csvQuote })
      continue
    }
    if (r.fields.length !== names.length) {
      out.refused.push({ line: r.line, error: labelledFileErrors.csvColumns(names.length, r.fields.length) })
      continue
    }
    const checked = check(r.fields[textAt], r.fields[labelAt]!.trim())
    if ('error' in checked) out.refused.push({ line: r.line, ...checked })
    else out.examples.push({ line: r.line, ...checked })
  }
  return out
}

/**
 * The examples of a labelled file. `name` decides the format by its ending (`.csv`, else
 * JSON lines); a name without one is read as JSON lines when its first non-blank
 * character is `{`.
 */
export function parseLabelledFile(body: string, name = ''): ParsedLabelledFile {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body
  const lower = name.toLowerCase()
  const csv = lower.endsWith('.csv') || (!/\.(jsonl|ndjson|json)$/.test(lower) && !text.trimStart().startsWith('{'))
  return csv ? parseCsv(text) : parseJsonLines(text)
}
