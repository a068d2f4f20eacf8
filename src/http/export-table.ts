import type { DataTable } from './table'

/**
 * What a spreadsheet reads as the start of a formula (CSV injection, OWASP "CSV Injection"):
 * `=`, `+`, `-`, `@`, tab and CR first in a cell. Stricter than OWASP's list: the same after
 * leading white space (spaces, line feeds, the full-width space U+3000; some importers trim
 * it), and the full-width ＝＋－＠ that a Chinese input method types.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/

/** A text cell as CSV: a leading `'` where a spreadsheet would see a formula, always quoted. */
export function csvText(value: string): string {
  const s = FORMULA_START.test(value) ? `'${value}` : value
  // always quoted: a spreadsheet that splits on ";" (some locales) keeps the cell whole
  return `"${s.replace(/"/g, '""')}"`
}

/**
 * CSV with a BOM (Excel opens UTF-8 Chinese correctly) and the Chinese headers. Numbers (a
 * JavaScript number in the row, e.g. -3) are written as numbers; everything else is text,
 * neutralised by `csvText`, so a member's message "-3" arrives as the text '-3.
 */
export function toCsv(t: DataTable): string {
  const cell = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : csvText(String(v ?? '')))
  const lines = [t.columns.map((c) => cell(c.label)).join(','), ...t.rows.map((r) => t.columns.map((c) => cell(r[c.key])).join(','))]
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}

/** An .xlsx workbook of one sheet: Chinese headers, numbers kept as numbers, text as text (never a formula). */
export async function toXlsx(t: DataTable): Promise<Buffer> {
  // exceljs (~30 MB loaded) only for an Excel export (issue 23)
  const { Workbook } = await import('exceljs')
  const book = new Workbook()
  const sheet = book.addWorksheet(t.title.slice(0, 31))
  sheet.columns = t.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(8, c.label.length * 2 + 4) }))
  for (const r of t.rows) sheet.addRow(Object.fromEntries(t.columns.map((c) => [c.key, r[c.key] ?? ''])))
  sheet.getRow(1).font = { bold: true }
  return Buffer.from(await book.xlsx.writeBuffer())
}
