/**
 * Writes the QR image fixtures used by tests, scenarios and the ads corpus:
 *   test/fixtures/qr.png    a QR code with a URL
 *   test/fixtures/qr.jpg    a QR code on a grey, noisy "poster", as a JPEG
 *   test/fixtures/photo.png an image with no QR code (gradient and noise)
 * Deterministic (seeded noise), so re-running gives the same files.
 * Run: npx tsx scripts/make-qr-fixtures.ts
 */
import { seededRng } from '../src/core/seeded-rng'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'

export const QR_PNG_TEXT = 'https://coupon.example/qr?from=qunhq-fixture'
export const QR_JPG_TEXT = 'https://u.wechat.example/g/qunhq-fixture-jpeg'

const rng = seededRng

async function qrPng(text: string, scale: number): Promise<PNG> {
  const buf = await QRCode.toBuffer(text, { type: 'png', margin: 4, scale, errorCorrectionLevel: 'M' })
  return PNG.sync.read(buf)
}

function photo(width: number, height: number, seed: number): PNG {
  const png = new PNG({ width, height })
  const next = rng(seed)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const noise = (next() - 0.5) * 24
      png.data[i] = Math.max(0, Math.min(255, (x / width) * 200 + 30 + noise))
      png.data[i + 1] = Math.max(0, Math.min(255, (y / height) * 180 + 40 + noise))
      png.data[i + 2] = Math.max(0, Math.min(255, 160 - (x / width) * 80 + noise))
      png.data[i + 3] = 255
    }
  }
  return png
}

/** The QR pasted into a larger, lightly noisy poster, as RGBA for the JPEG encoder. */
function poster(qr: PNG, seed: number): { data: Buffer; width: number; height: number } {
  const width = qr.width + 240
  const height = qr.height + 320
  const data = Buffer.alloc(width * height * 4)
  const next = rng(seed)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const shade = 225 + Math.floor(next() * 20)
      data[i] = shade
      data[i + 1] = shade - 10
      data[i + 2] = shade - 25
      data[i + 3] = 255
    }
  }
  const left = 120
  const top = 200
  for (let y = 0; y < qr.height; y++) {
    qr.data.copy(data, ((top + y) * width + left) * 4, y * qr.width * 4, (y + 1) * qr.width * 4)
  }
  return { data, width, height }
}

export async function makeQrFixtures(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'qr.png'), PNG.sync.write(await qrPng(QR_PNG_TEXT, 6)))
  writeFileSync(join(dir, 'qr.jpg'), jpeg.encode(poster(await qrPng(QR_JPG_TEXT, 5), 7), 80).data)
  writeFileSync(join(dir, 'photo.png'), PNG.sync.write(photo(240, 180, 42)))
}

if (require.main === module) {
  makeQrFixtures(join(__dirname, '..', 'test', 'fixtures')).then(
    () => console.log('wrote test/fixtures/qr.png, qr.jpg, photo.png'),
    (err: unknown) => {
      console.error(err)
      process.exitCode = 1
    },
  )
}
