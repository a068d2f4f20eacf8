import { esc } from './html'

/** A table the console shows and exports: plain values with Chinese headers. */
export interface DataTable {
  /** file name stem for exports, e.g. `groups` */
  name: string
  title: string
  columns: { key: string; label: string; numeric?: boolean }[]
  rows: Record<string, string | number>[]
}

/** Per-cell HTML where a cell shows more than its value (a link, a chart, buttons). */
export type CellHtml = Partial<Record<string, (row: Record<string, string | number>, index: number) => string>>

/** The table as sortable HTML: each header sorts by the cells' `data-v` (numbers as numbers). */
export function tableHtml(t: DataTable, cells: CellHtml = {}, rowAttrs?: (row: Record<string, string | number>) => string): string {
  const head = t.columns.map((c) => `<th data-key="${esc(c.key)}"${c.numeric ? ' data-numeric="1"' : ''}>${esc(c.label)}</th>`).join('')
  const body = t.rows
    .map((row, i) => {
      const tds = t.columns
        .map((c) => {
          const v = row[c.key] ?? ''
          const html = cells[c.key]?.(row, i) ?? esc(v)
          return `<td data-v="${esc(v)}">${html}</td>`
        })
        .join('')
      return `<tr${rowAttrs ? ' ' + rowAttrs(row) : ''}>${tds}</tr>`
    })
    .join('\n')
  return `<div class="scroll"><table class="sortable" id="t-${esc(t.name)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
}
