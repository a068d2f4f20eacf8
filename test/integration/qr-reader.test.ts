import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { imagesSchema, type ImagesConfig } from '../../src/config/schema'
import { createQrReader, type QrCheck, type QrReader } from '../../src/images/qr-reader'
import { blankPng, jpegClaiming, pngClaiming } from '../../src/sim/hostile-images'

/** The bot's QR reader with its real worker (src/images/qr-worker.ts) and a captured log. */
const read = (name: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', name))
const QR_PNG_TEXT = 'https://coupon.example/qr?from=qunhq-fixture'
const QR_JPG_TEXT = 'https://u.wechat.example/g/qunhq-fixture-jpeg'

interface LogLine {
  level: number
  msg: string
  [k: string]: unknown
}

let reader: QrReader | undefined
afterEach(async () => {
  await reader?.close()
  reader = undefined
})

function start(config: Partial<ImagesConfig> | ImagesConfig, now?: () => number): { reader: QrReader; warnings: LogLine[] } {
  const lines: LogLine[] = []
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) })
  const c = 'burst' in config ? (config as ImagesConfig) : imagesSchema.parse(config)
  reader = createQrReader({ config: () => c, logger, ...(now ? { now } : {}) })
  return { reader, warnings: lines }
}

const qr = (text: string): QrCheck => ({ outcome: 'qr', text })

describe('QR reader', () => {
  it('refuses decompression bombs from their header, before any worker, with one warning each naming the bytes and the declared size; each is "unchecked: too big"', async () => {
    const { reader, warnings } = start({})
    const bombs = [pngClaiming(30000, 30000), jpegClaiming(8000, 8000), blankPng(5000, 5000)]
    for (const bomb of bombs) expect(await reader.read(bomb, { room: 'g1@chatroom', messageId: 'm1' })).toEqual({ outcome: 'unchecked', reason: 'too-big' })
    expect(reader.stats()).toMatchObject({ seen: 3, refused: 3, decoded: 0, unchecked: 3 })
    expect(warnings.map((w) => [w.msg.split(':')[0], w.bytes, w.format, w.width, w.height, w.room])).toEqual([
      ['image refused', bombs[0]!.length, 'png', 30000, 30000, 'g1@chatroom'],
      ['image refused', bombs[1]!.length, 'jpeg', 8000, 8000, 'g1@chatroom'],
      ['image refused', bombs[2]!.length, 'png', 5000, 5000, 'g1@chatroom'],
    ])
  })

  it('reads the QR fixtures in a worker; a decode over the time limit is stopped once ("unchecked: timeout"), and the next image is still read', async () => {
    const config = imagesSchema.parse({ timeLimitMs: 30000 })
    const { reader, warnings } = start(config)
    expect(await reader.read(read('qr.png'))).toEqual(qr(QR_PNG_TEXT))
    // a real 6.6 MP image takes far longer than 1 ms to inflate and scan
    config.timeLimitMs = 1
    const slow = blankPng(3000, 2200)
    expect(await reader.read(slow)).toEqual({ outcome: 'unchecked', reason: 'timeout' })
    config.timeLimitMs = 30000
    expect(await reader.read(read('qr.jpg'))).toEqual(qr(QR_JPG_TEXT))
    expect(reader.stats()).toMatchObject({ seen: 3, decoded: 3, found: 2, timedOut: 1, refused: 0 })
    expect(warnings).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/^image decode timed out/), bytes: slow.length, width: 3000, height: 2200, timeLimitMs: 1 }),
    ])
  })

  it('a file over maxFileMb is refused ("unchecked: too big"): given whole, or by a source that stops fetching past the limit', async () => {
    const { reader, warnings } = start({ maxFileMb: 0.01 })
    const jpg = read('qr.jpg') // 46 KB
    expect(await reader.read(jpg, { room: 'g1@chatroom' })).toEqual({ outcome: 'unchecked', reason: 'too-big' })
    const limits: number[] = []
    const source = {
      head: async (n: number) => jpg.subarray(0, n),
      bytes: async (maxBytes: number) => {
        limits.push(maxBytes)
        return jpg.length > maxBytes ? undefined : Buffer.from(jpg)
      },
    }
    expect(await reader.read(source, { room: 'g1@chatroom' })).toEqual({ outcome: 'unchecked', reason: 'too-big' })
    expect(limits).toEqual([Math.floor(0.01 * 2 ** 20)])
    expect(reader.stats()).toMatchObject({ refused: 2, decoded: 0, unchecked: 2 })
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringMatching(/^image refused: the file is over the size limit/), expect.stringMatching(/^image refused: the file/)])
  })

  it('garbage is "no QR" without a worker and without a warning', async () => {
    const { reader, warnings } = start({})
    expect(await reader.read(Buffer.from('not an image'))).toEqual({ outcome: 'none' })
    expect(reader.stats()).toMatchObject({ seen: 1, notImage: 1, decoded: 0 })
    expect(warnings).toEqual([])
  })

  it('a flood of photos in one group cannot push out QR ads: they wait in the backlog, one per group in turn, the cheapest first; what gives way is "unchecked", never dropped silently', async () => {
    // one worker, a backlog of 4, 3 per group: everything below is handed over in one tick,
    // so the first photo is in the worker and the rest wait
    const { reader } = start({ workers: 1, maxQueue: 4, perGroupQueue: 3, timeLimitMs: 60000 })
    const photo = blankPng(2000, 2000)
    const done: string[] = []
    const ask = (name: string, image: Buffer, room: string) =>
      reader.read(image, { room, member: name, messageId: name }).then((check) => {
        done.push(name)
        return check
      })
    const photos = ['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => ask(name, photo, 'g1@chatroom'))
    const ad1 = ask('qr-g1', read('qr.png'), 'g1@chatroom')
    const ad2 = ask('qr-g2', read('qr.jpg'), 'g2@chatroom')
    expect(await ad1).toEqual(qr(QR_PNG_TEXT))
    expect(await ad2).toEqual(qr(QR_JPG_TEXT))
    const answers = await Promise.all(photos)
    // p5 arrived with g1's share full (equal cost: the newcomer gives way); the QR ad pushed out p4
    expect(answers.map((a) => a.outcome === 'unchecked' && a.reason)).toEqual([false, false, false, 'backlog-full', 'backlog-full'])
    // the two that gave way are answered at once; then the worker's order: g1's QR ad, g2's, g1's photos
    expect(done.slice(0, 2).sort()).toEqual(['p4', 'p5'])
    expect(done.slice(2)).toEqual(['p1', 'qr-g1', 'qr-g2', 'p2', 'p3'])
    expect(reader.stats()).toMatchObject({ seen: 7, decoded: 5, found: 2, waited: 6, dropped: 2, maxWaiting: 4, unchecked: 2 })
  })

  it('an image that waited longer than maxWaitMs is given up ("unchecked: waited too long") when the worker is free again', async () => {
    let clock = 1_000_000
    const { reader } = start({ workers: 1, maxWaitMs: 60_000, timeLimitMs: 60000 }, () => clock)
    const first = reader.read(blankPng(2000, 2000), { room: 'g1@chatroom' })
    const waiting = reader.read(read('qr.png'), { room: 'g2@chatroom' })
    clock += 60_001
    expect(await first).toEqual({ outcome: 'none' })
    expect(await waiting).toEqual({ outcome: 'unchecked', reason: 'waited-too-long' })
    expect(reader.stats()).toMatchObject({ expired: 1, decoded: 1 })
  })

  it('stopping: the images waiting are answered "unchecked: stopping" at once', async () => {
    const { reader } = start({ workers: 1, timeLimitMs: 60000 })
    const first = reader.read(blankPng(2000, 2000), { room: 'g1@chatroom' })
    const waiting = [reader.read(read('qr.png'), { room: 'g1@chatroom' }), reader.read(read('qr.jpg'), { room: 'g2@chatroom' })]
    expect(reader.giveUpWaiting()).toBe(2)
    expect(await Promise.all(waiting)).toEqual([
      { outcome: 'unchecked', reason: 'stopping' },
      { outcome: 'unchecked', reason: 'stopping' },
    ])
    expect(await first).toEqual({ outcome: 'none' })
  })

  it('from a source: the header from the first bytes, the whole image fetched when its turn comes and handed to the worker without a copy; a failed fetch is "unchecked"', async () => {
    const { reader } = start({ workers: 1, timeLimitMs: 60000 })
    const fetched: Buffer[] = []
    let heads = 0
    const source = (bytes: Buffer, fail = false) => ({
      owned: true,
      head: async (n: number) => {
        heads++
        return bytes.subarray(0, n)
      },
      bytes: async (_max: number) => {
        if (fail) throw new Error('the puppet lost it')
        const own = Buffer.from(bytes)
        fetched.push(own)
        return own
      },
    })
    // images of more than 4 KiB: a smaller buffer is a slice of Node's shared pool, and is copied
    const first = reader.read(source(read('photo.png')), { room: 'g1@chatroom' })
    const lost = reader.read(source(read('qr.png'), true), { room: 'g1@chatroom' })
    const ad = reader.read(source(read('qr.jpg')), { room: 'g2@chatroom' })
    expect(await Promise.all([first, lost, ad])).toEqual([{ outcome: 'none' }, { outcome: 'unchecked', reason: 'fetch-failed' }, qr(QR_JPG_TEXT)])
    expect(heads).toBe(3)
    // transferred to the worker thread: the buffers here are detached
    expect(fetched.map((b) => b.byteLength)).toEqual([0, 0])
    expect(reader.stats()).toMatchObject({ fetchFailed: 1, decoded: 2 })
  })

  it('a member posting many big images in a group is counted: from images.burst.images on, each answer carries the count', async () => {
    const { reader } = start({ workers: 1, timeLimitMs: 60000, burst: { images: 3, withinMs: 60_000, minMegapixels: 2 } })
    const big = blankPng(2000, 2000)
    const answers = await Promise.all([
      reader.read(big, { room: 'g1@chatroom', member: 'wxid_a' }),
      reader.read(big, { room: 'g1@chatroom', member: 'wxid_a' }),
      reader.read(read('qr.png'), { room: 'g1@chatroom', member: 'wxid_a' }), // small: not counted
      reader.read(big, { room: 'g2@chatroom', member: 'wxid_a' }), // another group
      reader.read(big, { room: 'g1@chatroom', member: 'wxid_a' }),
      reader.read(big, { room: 'g1@chatroom', member: 'wxid_a' }),
    ])
    expect(answers.map((a) => a.burst)).toEqual([undefined, undefined, undefined, undefined, 3, 4])
  })
})
