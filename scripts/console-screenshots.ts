/**
 * npm run console:screenshots
 * Plays the `npm start` demo (scenarios/demo.yaml, config/demo.yaml) with the web console on,
 * signs its admin in through a one-time link and saves a screenshot of each page under
 * docs/console/ (the README shows them). Needs Debian's chromium (CHROMIUM_PATH for another).
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import puppeteer from 'puppeteer-core'
import { parseConfigText } from '../src/config/load-config'
import { createLogger } from '../src/logger'
import { loadScenarioFile } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { ensureRedis } from '../src/store/embedded-redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'

const OUT = 'docs/console'

async function main(): Promise<void> {
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', fd: 2 })
  setWechatyLogLevel('silent')
  const loaded = loadScenarioFile('scenarios/demo.yaml')
  loaded.config = parseConfigText(readFileSync('config/demo.yaml', 'utf8'), 'config/demo.yaml')
  const admin = loaded.config.roles.admin[0]
  if (!admin) throw new Error('config/demo.yaml names no admin')
  const redis = await ensureRedis({ url: process.env.REDIS_URL || undefined, dataDir: process.env.QUNHQ_DATA_DIR || 'data', logger })
  mkdirSync(OUT, { recursive: true })
  try {
    await runScenario(loaded, {
      redisUrl: redis.url,
      logger,
      prefix: `qunhq-shots-${randomBytes(4).toString('hex')}`,
      http: { port: 0 },
      onSettleTimeout: (err) => process.stderr.write(`${err.message}; playing on\n`),
      afterSteps: async (bot) => {
        const base = bot.app.consoleUrl()!
        const token = await bot.app.consoleAuth.createLink(admin, 60_000)
        const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] })
        try {
          const page = await browser.newPage()
          await page.setViewport({ width: 1280, height: 800 })
          await page.goto(`${base}/login/${token}`)
          // a schedule made through the console's own form, so the schedules page has one
          await page.goto(`${base}/schedules`)
          await page.type('input[name=when]', '每天08:00')
          await page.type('input[name=target]', '标签:北京')
          await page.type('textarea[name=text]', '早上好，今天的读书打卡开始了')
          await Promise.all([page.waitForNavigation(), page.click('#schedule-form button')])
          const shots: [string, string, string?][] = [
            ['groups', '/groups'],
            ['group-report', '/groups/bj1%40chatroom', 'body[data-charts="ready"]'],
            ['broadcasts', '/broadcasts'],
            ['rules', '/rules'],
            ['schedules', '/schedules'],
            ['queue', '/queue'],
            ['bull-board', '/queues', '#root *'],
          ]
          for (const [name, path, ready] of shots) {
            await page.goto(base + path, { waitUntil: 'networkidle0' })
            if (ready) await page.waitForSelector(ready)
            await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: name !== 'bull-board' })
            process.stdout.write(`${OUT}/${name}.png\n`)
          }
          await page.setViewport({ width: 390, height: 844, isMobile: true, deviceScaleFactor: 1 })
          await page.goto(`${base}/groups`, { waitUntil: 'networkidle0' })
          await page.screenshot({ path: `${OUT}/groups-phone.png` })
          process.stdout.write(`${OUT}/groups-phone.png\n`)
        } finally {
          await browser.close()
        }
      },
    })
  } finally {
    await redis.stop()
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? String(err)}\n`)
    process.exit(1)
  },
)
