import ExcelJS from 'exceljs'
import type { DataTable } from './table'

/** CSV with a BOM (Excel opens UTF-8 Chinese correctly) and the Chinese headers. */
export function toCsv(t: DataTable): string {
  const cell = (v: unknown) => {
    const s = String(v ?? '')
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [t.columns.map((c) => cell(c.label)).join(','), ...t.rows.map((r) => t.columns.map((c) => cell(r[c.key])).join(','))]
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}

/** An .xlsx workbook of one sheet: Chinese headers, numbers kept as numbers. */
export async function toXlsx(t: DataTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet(t.title.slice(0, 31))
  sheet.columns = t.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(8, c.label.length * 2 + 4) }))
  for (const r of t.rows) sheet.addRow(Object.fromEntries(t.columns.map((c) => [c.key, r[c.key] ?? ''])))
  sheet.getRow(1).font = { bold: true }
  return Buffer.from(await book.xlsx.writeBuffer())
}
