import ExcelJS from 'exceljs'
import { clearedCookie, readCookie, sessionCookie } from '../../src/http/cookies'
import { toCsv, toXlsx } from '../../src/http/export-table'
import { esc, sparkline } from '../../src/http/html'
import { tableHtml, type DataTable } from '../../src/http/table'

const table: DataTable = {
  name: 'groups',
  title: '群组',
  columns: [
    { key: 'name', label: '群名' },
    { key: 'members', label: '人数', numeric: true },
  ],
  rows: [
    { name: '北京1群, "读书会"', members: 12 },
    { name: '<script>alert(1)</script>', members: 3 },
  ],
}

describe('console tables, exports and cookies', () => {
  it('writes CSV with a BOM, Chinese headers and quoted cells', () => {
    expect(toCsv(table)).toBe('\ufeff群名,人数\r\n"北京1群, ""读书会""",12\r\n<script>alert(1)</script>,3\r\n')
  })

  it('writes an .xlsx that reads back with its headers and numbers', async () => {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.name).toBe('群组')
    expect(sheet.getRow(1).values).toEqual([undefined, '群名', '人数'])
    expect(sheet.getRow(2).values).toEqual([undefined, '北京1群, "读书会"', 12])
  })

  it('escapes every cell and keeps the raw value for sorting', () => {
    const html = tableHtml(table)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<th data-key="members" data-numeric="1">人数</th>')
    expect(esc(`"'&`)).toBe('&quot;&#39;&amp;')
  })

  it('draws a sparkline with one point per day', () => {
    expect(sparkline([0, 5, 10]).match(/points="([^"]+)"/)?.[1]?.split(' ')).toHaveLength(3)
  })

  it('reads the session cookie among others and writes it HttpOnly, SameSite, Path=/', () => {
    expect(readCookie('a=1; qunhq_session=abc%2Bd; b=2', 'qunhq_session')).toBe('abc+d')
    expect(readCookie('qunhq_session_x=1', 'qunhq_session')).toBeUndefined()
    expect(readCookie(undefined, 'qunhq_session')).toBeUndefined()
    expect(sessionCookie('s', 'v', { maxAgeS: 60, secure: false })).toBe('s=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60')
    expect(sessionCookie('s', 'v', { maxAgeS: 60, secure: true })).toMatch(/; Secure$/)
    expect(clearedCookie('s')).toMatch(/Max-Age=0/)
  })
})
