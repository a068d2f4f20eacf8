import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { readImageHeader } from '../../src/core/ads/image-header'
import { decodeQr, readQr } from '../../src/core/ads/qr-decode'
import { seededRng } from '../../src/core/seeded-rng'
import { blankPng, jpegClaiming, pngClaiming } from '../../src/sim/hostile-images'
import { cpuMs } from '../helpers/cpu-time'

const read = (name: string): Buffer => readFileSync(join(__dirname, '..', 'fixtures', name))

const pngOf = (width: number, height: number): Buffer => PNG.sync.write(new PNG({ width, height }), { filterType: 0 })
const jpegOf = (width: number, height: number): Buffer =>
  Buffer.from(jpeg.encode({ data: Buffer.alloc(width * height * 4, 90), width, height }, 50).data)

/** A JPEG by hand: SOI, then the given segments (marker, payload), then SOS and EOI. */
function jpegSegments(...segments: [number, Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])]
  for (const [marker, payload] of segments) {
    const len = Buffer.alloc(2)
    len.writeUInt16BE(payload.length + 2)
    parts.push(Buffer.from([0xff, marker]), len, payload)
  }
  return Buffer.concat(parts)
}
/** SOF payload: precision, height, width, one component */
const sof = (width: number, height: number): Buffer => Buffer.from([8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0])
const sos = Buffer.from([1, 1, 0, 0, 63, 0])

/** the claimed 30000×30000 PNG with a second IHDR chunk added after the first */
function pngWithSecondIhdr(): Buffer {
  const small = pngOf(4, 4)
  const ihdr = small.subarray(8, 8 + 25)
  return Buffer.concat([small.subarray(0, 33), ihdr, small.subarray(33)])
}

describe('readImageHeader', () => {
  it.each([
    ['a PNG', pngOf(100, 50), { format: 'png', width: 100, height: 50 }],
    ['the QR fixture PNG', read('qr.png'), { format: 'png', width: PNG.sync.read(read('qr.png')).width, height: PNG.sync.read(read('qr.png')).height }],
    ['a 69-byte PNG claiming 30000×30000', pngClaiming(30000, 30000), { format: 'png', width: 30000, height: 30000 }],
    ['a real 5000×5000 PNG', blankPng(5000, 5000), { format: 'png', width: 5000, height: 5000 }],
    ['a baseline JPEG', jpegOf(40, 30), { format: 'jpeg', width: 40, height: 30 }],
    ['the QR fixture JPEG', read('qr.jpg'), { format: 'jpeg', width: jpeg.decode(read('qr.jpg')).width, height: jpeg.decode(read('qr.jpg')).height }],
    ['a JPEG claiming 8000×8000', jpegClaiming(8000, 8000), { format: 'jpeg', width: 8000, height: 8000 }],
    ['a progressive JPEG', jpegClaiming(640, 480, { progressive: true }), { format: 'jpeg', width: 640, height: 480, progressive: true }],
    ['a JPEG with APP segments and fill bytes before the frame', Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x04, 0x45, 0x78, 0xff, 0xff, 0xff]),
      jpegSegments([0xc0, sof(300, 200)], [0xda, sos]).subarray(3),
    ]), { format: 'jpeg', width: 300, height: 200 }],
    ['a JPEG with two frames: the larger counts', jpegSegments([0xc0, sof(10, 10)], [0xc1, sof(9000, 9000)], [0xda, sos]), { format: 'jpeg', width: 9000, height: 9000 }],
  ])('%s', (_name, bytes, expected) => {
    expect(readImageHeader(bytes)).toEqual(expected)
  })

  it.each([
    ['empty', Buffer.alloc(0)],
    ['garbage', Buffer.from('definitely not an image')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ['PNG magic only', pngOf(4, 4).subarray(0, 8)],
    ['a PNG cut inside IHDR', pngOf(4, 4).subarray(0, 20)],
    ['a PNG whose first chunk is not IHDR', Buffer.concat([pngOf(4, 4).subarray(0, 12), Buffer.from('IDAT'), pngOf(4, 4).subarray(16)])],
    ['a PNG claiming width 0', pngClaiming(0, 100)],
    ['a PNG claiming a side over 2^31', pngClaiming(0x80000000, 1)],
    ['a PNG with a second IHDR', pngWithSecondIhdr()],
    ['JPEG magic then garbage', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x01])],
    ['a JPEG cut before its scan', jpegOf(40, 30).subarray(0, 200)],
    ['a JPEG whose scan comes before any frame', jpegSegments([0xda, sos], [0xc0, sof(10, 10)])],
    ['a JPEG frame with height 0 (size given later)', jpegSegments([0xc0, sof(100, 0)], [0xda, sos])],
    ['a JPEG segment length under 2', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01, 0xff, 0xc0])],
    ['a JPEG segment length past the end', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0x00])],
    ['a JPEG ending (EOI) before any frame', Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    ['a JPEG whose frame segment is too short', jpegSegments([0xc0, Buffer.from([8, 0, 1])], [0xda, sos])],
    ['a JPEG with a byte that is not a marker', Buffer.from([0xff, 0xd8, 0x00, 0x00])],
  ])('not an image: %s', (_name, bytes) => {
    expect(readImageHeader(bytes)).toBeUndefined()
  })

  it('never throws on random bytes behind PNG or JPEG magic', () => {
    const rng = seededRng(8)
    const magics = [pngOf(4, 4).subarray(0, 16), Buffer.from([0xff, 0xd8, 0xff])]
    for (let i = 0; i < 600; i++) {
      const body = Buffer.alloc(Math.floor(rng() * 2000))
      // many 0xff bytes, so the JPEG walk meets markers, fill bytes and lengths of every kind
      for (let j = 0; j < body.length; j++) body[j] = rng() < 0.2 ? 0xff : Math.floor(rng() * 256)
      const h = readImageHeader(Buffer.concat([magics[i % 2]!, body]))
      if (h) expect(h.width * h.height).toBeGreaterThan(0)
    }
  })
})

describe('readQr: the pixel budget comes before any decoding', () => {
  it.each([
    ['the PNG claiming 30000×30000', pngClaiming(30000, 30000), 'png', 30000, 30000],
    ['the 618-byte JPEG claiming 8000×8000', jpegClaiming(8000, 8000), 'jpeg', 8000, 8000],
    ['a real 5000×5000 PNG (25 MP, 24 KB on disk)', blankPng(5000, 5000), 'png', 5000, 5000],
  ])('refuses %s at the default 16 MP without decoding it', (_name, bytes, format, width, height) => {
    const ms = cpuMs(() => {
      expect(readQr(bytes)).toEqual({ outcome: 'over-budget', header: { format, width, height } })
      expect(decodeQr(bytes)).toBeUndefined()
    })
    // decoding 25-900 MP takes seconds of CPU and gigabytes; a header read takes microseconds
    expect(ms).toBeLessThan(2000)
  })

  it('decodes what fits the budget: the same blank PNG, smaller, is read and has no QR', () => {
    expect(readQr(blankPng(500, 500))).toEqual({ outcome: 'none', header: { format: 'png', width: 500, height: 500 } })
  })

  it('the budget is a parameter: the QR fixture is refused under a budget smaller than itself', () => {
    expect(readQr(read('qr.png'), 100).outcome).toBe('over-budget')
    expect(readQr(read('qr.png')).outcome).toBe('qr')
  })
})
