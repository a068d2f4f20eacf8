/**
 * Peak memory for one big image the bot reads (issue 17, item 3): a genuine 16 MP JPEG and
 * PNG (bench/big-photos.ts, cached in the temp directory) go through the bot's QR reader,
 * each in a fresh child process, whose resident set size (RSS: the main thread, the
 * worker thread and every buffer) is sampled every few ms while the image is read.
 *   reader: a process with only the QR reader (what one image adds, nothing else around it)
 *   bot:    the simulated bot (Wechaty, BullMQ, Redis, every plugin) and a member posting the
 *           image in a managed group, as in production (the world's copy of the file is
 *           loaded before the idle figure is taken)
 * `npx tsx bench/image-memory.ts` prints JSON; `--child <mode> <file>` is one measurement.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { imagesSchema } from '../src/config/schema'
import { parseConfigObject } from '../src/config/load-config'
import { createQrReader, type QrCheck } from '../src/images/qr-reader'
import { buildWorld } from '../src/sim/build-world'
import { startSimBot } from '../src/sim/sim-bot'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { BIG_PHOTO_QR_TEXT, bigPhotoFile } from './big-photos'
import { printJsonAndExit } from './cli'

const FIXTURES = join(__dirname, '..', 'test', 'fixtures')
const MB = 2 ** 20

export interface MemoryOfOneImage {
  file: string
  bytes: number
  width: number
  height: number
  /** RSS before the image, after a warm-up image (the worker is running) */
  idleMiB: number
  peakMiB: number
  addedMiB: number
  /** from the image handed over to its answer */
  ms: number
  /** what the reader made of it (the QR text's host, `no QR`, or why it was not checked) */
  outcome: string
}

/** Samples RSS until `work` ends; the highest sample, in MiB. */
async function peakRssWhile(work: () => Promise<unknown>): Promise<{ peakMiB: number; ms: number; value: unknown }> {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2)
  const t0 = performance.now()
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage.rss())
    return { peakMiB: peak / MB, ms: performance.now() - t0, value }
  } finally {
    clearInterval(timer)
  }
}

const round = (n: number) => Math.round(n * 10) / 10
const idleRss = async () => {
  // let the warm-up's garbage go before the idle figure
  for (let i = 0; i < 3; i++) {
    global.gc?.()
    await new Promise((r) => setTimeout(r, 100))
  }
  return process.memoryUsage.rss() / MB
}

async function readerOnly(file: string): Promise<Omit<MemoryOfOneImage, 'file' | 'bytes' | 'width' | 'height'>> {
  const reader = createQrReader({ config: () => imagesSchema.parse({ timeLimitMs: 120000 }), logger: pino({ level: 'silent' }) })
  try {
    await reader.read(readFileSync(join(FIXTURES, 'qr.png')))
    const data = readFileSync(file)
    const idle = await idleRss()
    const { peakMiB, ms, value } = await peakRssWhile(() => reader.read(data))
    const check = value as QrCheck
    const outcome = check.outcome === 'qr' ? (check.text === BIG_PHOTO_QR_TEXT ? 'qr found' : `qr ${check.text}`) : check.outcome === 'unchecked' ? `unchecked: ${check.reason}` : 'no QR'
    return { idleMiB: round(idle), peakMiB: round(peakMiB), addedMiB: round(peakMiB - idle), ms: Math.round(ms), outcome }
  } finally {
    await reader.close()
  }
}

async function wholeBot(file: string): Promise<Omit<MemoryOfOneImage, 'file' | 'bytes' | 'width' | 'height'>> {
  setWechatyLogLevel('silent')
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  const config = parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    roles: { admin: ['wxid_op1'] },
    groups: { autoManage: false, list: [{ room: 'g1@chatroom', key: 'g1' }] },
    rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false }, ads: { warnings: 0, blacklist: false } },
    outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: '' },
    images: { timeLimitMs: 120000 },
    redis: { warnNoPersistence: false },
  })
  const world = buildWorld({
    bot: { id: 'wxid_bot', name: '群助手' },
    contacts: [],
    rooms: [
      { id: 'hq@chatroom', topic: '运营总部', admins: [], members: ['wxid_op1'], aliases: {} },
      { id: 'g1@chatroom', topic: '北京1群', owner: 'wxid_owner', admins: ['wxid_bot'], members: ['wxid_warm', 'wxid_big'], aliases: {} },
    ],
    generate: [],
  })
  const prefix = `qunhq-bench-${randomBytes(4).toString('hex')}`
  const bot = await startSimBot({ world, config: () => config, redisUrl, prefix, logger: pino({ level: 'silent' }) })
  try {
    const removed = (who: string) => world.transcript.some((l) => l.type === 'remove' && l.contact === who)
    // the warm-up: the worker starts, and the removal path runs once
    world.memberSay('g1@chatroom', 'wxid_warm', { kind: 'image', name: 'qr.png', data: readFileSync(join(FIXTURES, 'qr.png')) })
    await bot.settled(120000)
    const data = readFileSync(file)
    const idle = await idleRss()
    const { peakMiB, ms } = await peakRssWhile(async () => {
      world.memberSay('g1@chatroom', 'wxid_big', { kind: 'image', name: file.endsWith('.png') ? 'big.png' : 'big.jpg', data })
      await bot.settled(300000)
    })
    const stats = bot.qr.stats()
    const outcome = removed('wxid_big') ? 'qr found (member removed)' : stats.unchecked > 0 ? 'unchecked' : 'no QR'
    return { idleMiB: round(idle), peakMiB: round(peakMiB), addedMiB: round(peakMiB - idle), ms: Math.round(ms), outcome }
  } finally {
    await bot.stop()
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

function dims(file: string): { width: number; height: number } {
  const m = /photo-(\d+)x(\d+)/.exec(file)
  return { width: Number(m?.[1]), height: Number(m?.[2]) }
}

/** One measurement in a fresh process, so one image's garbage never counts in the next. */
function inChild(mode: 'reader' | 'bot', file: string): MemoryOfOneImage {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', mode, file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  })
  return { file: file.split('/').pop() ?? file, bytes: statSync(file).size, ...dims(file), ...(JSON.parse(out) as Omit<MemoryOfOneImage, 'file' | 'bytes' | 'width' | 'height'>) }
}

export async function measureImageMemory(opts: { modes?: ('reader' | 'bot')[] } = {}): Promise<Record<string, MemoryOfOneImage>> {
  const jpegFile = await bigPhotoFile('jpeg', 4000, 4000, { quality: 100 })
  const pngFile = await bigPhotoFile('png', 4000, 4000)
  const out: Record<string, MemoryOfOneImage> = {}
  for (const mode of opts.modes ?? ['reader', 'bot']) {
    out[`${mode}Jpeg16MP`] = inChild(mode, jpegFile)
    out[`${mode}Png16MP`] = inChild(mode, pngFile)
  }
  return out
}

if (require.main === module) {
  const at = process.argv.indexOf('--child')
  if (at >= 0) {
    const mode = process.argv[at + 1]
    const file = process.argv[at + 2] ?? ''
    printJsonAndExit(mode === 'bot' ? wholeBot(file) : readerOnly(file))
  } else {
    printJsonAndExit(measureImageMemory())
  }
}
