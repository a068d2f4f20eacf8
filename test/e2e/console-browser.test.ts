/// <reference lib="dom" />
// page functions run in the browser: DOM types for them
import ExcelJS from 'exceljs'
import type { SimWorld } from '../../src/sim/world'
import type { Page } from 'puppeteer-core'
import { browserAvailable, launchBrowser } from '../helpers/browser'
import { CONSOLE_WORLD, signInLink } from '../helpers/console'
import { play } from '../helpers/scenario'

const run = browserAvailable() ? it : it.skip

describe('web console in a real browser (headless chromium)', () => {
  run('signs in by the link from WeChat, sorts groups, shows charts, cancels a broadcast, exports Excel; a viewer is refused', async () => {
    let world!: SimWorld
    const checked: string[] = []
    await play(
      `name: console-browser
${CONSOLE_WORLD}
steps:
  - say: { room: bj1@chatroom, from: wxid_a, text: "大家好" }
  - say: { room: bj1@chatroom, from: wxid_b, text: "@李雷 你好", mentions: [wxid_a] }
  - say: { room: bj2@chatroom, from: wxid_c, text: "早" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 需要确认的广播" }
  - settle: { timeout: 20s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const browser = await launchBrowser()
          // every Content-Security-Policy violation any page of the run reports (event and console)
          const violations: string[] = []
          const watch = async (p: Page) => {
            await p.exposeFunction('reportCspViolation', (v: string) => void violations.push(v))
            await p.evaluateOnNewDocument(() =>
              document.addEventListener('securitypolicyviolation', (e) =>
                void (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${location.pathname}: ${e.violatedDirective} ${e.blockedURI}`),
              ),
            )
            p.on('console', (msg) => {
              if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(`${p.url()}: ${msg.text()}`)
            })
            return p
          }
          try {
            const page = await watch(await browser.newPage())
            await page.setViewport({ width: 390, height: 844 })
            // the link the bot sent the operator in a private chat, opened as they would
            await page.goto(await signInLink(world, 'wxid_op1'))
            expect(new URL(page.url()).pathname).toBe('/groups')
            await page.waitForSelector('#t-groups tbody tr')
            const names = () => page.$$eval('#t-groups tbody tr', (rows) => rows.map((r) => (r as HTMLTableRowElement).cells[0]!.dataset.v))
            expect((await names()).sort()).toEqual(['上海1群', '北京1群', '北京2群'])

            // sort by members, both ways
            const members = () => page.$$eval('#t-groups tbody tr', (rows) => rows.map((r) => Number((r as HTMLTableRowElement).cells[2]!.dataset.v)))
            await page.click('#t-groups th[data-key="members"]')
            await page.waitForSelector('#t-groups th[data-key="members"].asc')
            expect(await members()).toEqual([1, 2, 3])
            await page.click('#t-groups th[data-key="members"]')
            await page.waitForSelector('#t-groups th[data-key="members"].desc')
            expect(await members()).toEqual([3, 2, 1])
            expect(await names()).toEqual(['北京1群', '北京2群', '上海1群'])

            // filter by tag
            await page.select('#tag-filter', '上海')
            expect(await page.$$eval('#t-groups tbody tr', (rows) => rows.filter((r) => (r as HTMLElement).style.display !== 'none').length)).toBe(1)
            await page.select('#tag-filter', '')

            // a group's report: three charts drawn by chart.js served from node_modules
            await Promise.all([page.waitForNavigation(), page.click('#t-groups a[href="/groups/bj1%40chatroom"]')])
            await page.waitForSelector('body[data-charts="ready"]')
            const charts = await page.evaluate(() => (window as unknown as { qunhqCharts: { config: { type: string }; data: { datasets: { data: number[] }[] } }[] }).qunhqCharts.map((c) => ({ type: c.config.type, total: c.data.datasets[0]!.data.reduce((a, b) => a + b, 0) })))
            expect(charts.map((c) => c.type)).toEqual(['line', 'bar', 'doughnut'])
            expect(charts[0]!.total).toBe(2) // bj1's two messages today

            // cancel the broadcast that waits for confirmation
            await page.goto(new URL('/broadcasts', page.url()).href)
            await Promise.all([page.waitForNavigation(), page.click('form[action="/broadcasts/B1/cancel"] button')])
            expect(await page.$eval('#flash', (e) => e.textContent)).toContain('B1')
            expect((await bot.app.ctx.broadcasts.store.get('B1'))?.status).toBe('cancelled')
            expect(await page.$('form[action="/broadcasts/B1/cancel"]')).toBeNull()

            // the groups table as Excel, downloaded with the browser's session, read back
            await page.goto(new URL('/groups', page.url()).href)
            const href = await page.$eval('#xlsx-groups', (a) => (a as HTMLAnchorElement).href)
            const bytes = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), href)
            const book = new ExcelJS.Workbook()
            await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
            const sheet = book.worksheets[0]!
            expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['群名', '编号', '人数'])
            const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[])[1])
            expect(rows.sort()).toEqual(['上海1群', '北京1群', '北京2群'])

            // a viewer, in a separate browser context: may look, is refused the queue board
            const other = await browser.createBrowserContext()
            const viewerPage = await watch(await other.newPage())
            await viewerPage.goto(await signInLink(world, 'wxid_view'))
            await viewerPage.waitForSelector('#t-groups tbody tr')
            const refused = await viewerPage.goto(new URL('/queues', viewerPage.url()).href)
            expect(refused?.status()).toBe(403)
            expect(await viewerPage.$eval('h1', (e) => e.textContent)).toBe('你的角色不能做这件事。')
            await viewerPage.goto(new URL('/broadcasts', viewerPage.url()).href)
            expect(await viewerPage.$('form[action$="/cancel"], form[action$="/retry"]')).toBeNull()

            // bull-board for an admin: its own policy, and it draws its queues under it
            const admin = await browser.createBrowserContext()
            const boardPage = await watch(await admin.newPage())
            await boardPage.goto(await signInLink(world, 'wxid_boss'))
            await boardPage.goto(new URL('/queues', boardPage.url()).href)
            await boardPage.waitForFunction(() => document.body.innerText.includes('ctl'), { timeout: 20_000 })
            expect(await boardPage.$('link[href*="fonts.googleapis.com"]')).toBeNull()

            // no page of the console, nor bull-board, broke its policy
            expect(violations).toEqual([])

            // another site cannot frame the console (X-Frame-Options DENY, frame-ancestors 'none')
            const framer = await admin.newPage()
            const refusals: string[] = []
            framer.on('console', (msg) => void refusals.push(msg.text()))
            await framer.setContent(`<iframe src="${new URL('/groups', page.url()).href}"></iframe>`, { waitUntil: 'load' })
            const framed = framer.frames().find((f) => f !== framer.mainFrame())!
            expect(framed.url()).not.toMatch(/\/groups$/)
            expect(await framed.$('#t-groups')).toBeNull()
            expect(refusals.join('\n')).toMatch(/frame-ancestors|X-Frame-Options/)
            checked.push('all')
          } finally {
            await browser.close()
          }
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
