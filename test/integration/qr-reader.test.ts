import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { imagesSchema, type ImagesConfig } from '../../src/config/schema'
import { createQrReader, type QrReader } from '../../src/images/qr-reader'
import { blankPng, jpegClaiming, pngClaiming } from '../../src/sim/hostile-images'

/** The bot's QR reader with its real worker (src/images/qr-worker.ts) and a captured log. */
const read = (name: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', name))

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

function start(config: ImagesConfig): { reader: QrReader; warnings: LogLine[] } {
  const lines: LogLine[] = []
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) })
  reader = createQrReader({ config: () => config, logger })
  return { reader, warnings: lines }
}

describe('QR reader', () => {
  it('refuses decompression bombs from their header, before any worker, with one warning each naming the bytes and the declared size', async () => {
    const { reader, warnings } = start(imagesSchema.parse({}))
    const bombs = [pngClaiming(30000, 30000), jpegClaiming(8000, 8000), blankPng(5000, 5000)]
    for (const bomb of bombs) expect(await reader.read(bomb, { room: 'g1@chatroom', messageId: 'm1' })).toBeUndefined()
    expect(reader.stats()).toMatchObject({ seen: 3, refused: 3, decoded: 0 })
    expect(warnings.map((w) => [w.msg.split(':')[0], w.bytes, w.format, w.width, w.height, w.room])).toEqual([
      ['image refused', bombs[0]!.length, 'png', 30000, 30000, 'g1@chatroom'],
      ['image refused', bombs[1]!.length, 'jpeg', 8000, 8000, 'g1@chatroom'],
      ['image refused', bombs[2]!.length, 'png', 5000, 5000, 'g1@chatroom'],
    ])
  })

  it('reads the QR fixtures in a worker; a decode over the time limit is stopped once, and the next image is still read', async () => {
    const config = imagesSchema.parse({ timeLimitMs: 30000 })
    const { reader, warnings } = start(config)
    expect(await reader.read(read('qr.png'))).toBe('https://coupon.example/qr?from=qunhq-fixture')
    // a real 6.6 MP image takes far longer than 1 ms to inflate and scan
    config.timeLimitMs = 1
    const slow = blankPng(3000, 2200)
    expect(await reader.read(slow)).toBeUndefined()
    config.timeLimitMs = 30000
    expect(await reader.read(read('qr.jpg'))).toBe('https://u.wechat.example/g/qunhq-fixture-jpeg')
    expect(reader.stats()).toMatchObject({ seen: 3, decoded: 3, found: 2, timedOut: 1, refused: 0 })
    expect(warnings).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/^image decode timed out/), bytes: slow.length, width: 3000, height: 2200, timeLimitMs: 1 }),
    ])
  })

  it('garbage is "no QR" without a worker and without a warning', async () => {
    const { reader, warnings } = start(imagesSchema.parse({}))
    expect(await reader.read(Buffer.from('not an image'))).toBeUndefined()
    expect(reader.stats()).toMatchObject({ seen: 1, notImage: 1, decoded: 0 })
    expect(warnings).toEqual([])
  })
})
