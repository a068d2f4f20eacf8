import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { decodeQr, readQr } from '../../src/core/ads/qr-decode'
import { shrinkLuma } from '../../src/core/ads/luma'

const fixtures = join(__dirname, '..', 'fixtures')
const read = (name: string): Buffer => readFileSync(join(fixtures, name))

// written by scripts/make-qr-fixtures.ts
const QR_PNG_TEXT = 'https://coupon.example/qr?from=qunhq-fixture'
const QR_JPG_TEXT = 'https://u.wechat.example/g/qunhq-fixture-jpeg'

/** The fixture QR enlarged and placed in a corner of a big grey canvas, like a phone photo of a poster. */
function bigPhotoWithQr(width: number, height: number, scale: number): PNG {
  const qr = PNG.sync.read(read('qr.png'))
  const big = new PNG({ width, height })
  big.data.fill(200)
  for (let y = 0; y < qr.height * scale; y++) {
    for (let x = 0; x < qr.width * scale; x++) {
      const from = (Math.floor(y / scale) * qr.width + Math.floor(x / scale)) * 4
      const to = ((y + 300) * width + (x + 400)) * 4
      qr.data.copy(big.data, to, from, from + 4)
    }
  }
  return big
}

describe('decodeQr', () => {
  it('decodes a PNG QR code to its text', () => {
    expect(decodeQr(read('qr.png'))).toBe(QR_PNG_TEXT)
  })

  it('decodes a JPEG QR code on a noisy poster', () => {
    expect(decodeQr(read('qr.jpg'))).toBe(QR_JPG_TEXT)
  })

  it('returns undefined for a photo without a QR code', () => {
    expect(decodeQr(read('photo.png'))).toBeUndefined()
  })

  it.each([
    ['a poster-sized QR', 4],
    ['a QR the size of a screenshot in a corner', 1],
  ])('finds %s in a 3000×2200 image through a downscaled copy', (_name, scale) => {
    // filterType 0: pngjs's adaptive filtering is very slow inside jest's vm
    const bytes = PNG.sync.write(bigPhotoWithQr(3000, 2200, scale), { filterType: 0, deflateLevel: 1 })
    expect(decodeQr(bytes)).toBe(QR_PNG_TEXT)
  })

  it('returns undefined for a large JPEG without a QR code', () => {
    const width = 2600
    const height = 1800
    const data = Buffer.alloc(width * height * 4)
    for (let i = 0; i < data.length; i += 4) {
      const p = i / 4
      data[i] = (p % width) % 256
      data[i + 1] = Math.floor(p / width) % 256
      data[i + 2] = 128
      data[i + 3] = 255
    }
    const bytes = jpeg.encode({ data, width, height }, 70).data
    // read and found empty, not given up: jpeg-js's memory limit follows the pixel budget,
    // and an image exactly at the budget fits it
    expect(readQr(bytes, width * height)).toEqual({ outcome: 'none', header: { format: 'jpeg', width, height } })
  })

  it.each([
    ['garbage bytes', Buffer.from('definitely not an image')],
    ['empty buffer', Buffer.alloc(0)],
    ['PNG magic then garbage', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('junk')])],
    ['JPEG magic then garbage', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x01])],
    ['truncated PNG', read('qr.png').subarray(0, 200)],
    ['truncated JPEG', read('qr.jpg').subarray(0, 300)],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
  ])('returns undefined and does not throw for %s', (_name, bytes) => {
    expect(decodeQr(bytes)).toBeUndefined()
  })

  it.each([
    ['truncated PNG', read('qr.png').subarray(0, 200)],
    ['truncated JPEG', Buffer.concat([read('qr.jpg').subarray(0, 2000)])],
  ])('a %s whose header is whole is "unreadable", with the decoder\'s reason', (_name, bytes) => {
    expect(readQr(bytes)).toMatchObject({ outcome: 'unreadable', error: expect.any(String) })
  })
})

describe('shrinkLuma', () => {
  it('averages blocks so the longer side fits', () => {
    // 4×2: a left block with one black of four pixels, a right block all black
    const data = new Uint8Array([0, 255, 0, 0, 255, 255, 0, 0])
    const out = shrinkLuma({ data, width: 4, height: 2 }, 2)
    expect([out.width, out.height]).toEqual([2, 1])
    expect([...out.data]).toEqual([191, 0])
  })

  it('leaves small images alone', () => {
    const img = { data: new Uint8Array(4 * 4), width: 4, height: 4 }
    expect(shrinkLuma(img, 10)).toBe(img)
  })
})
