/**
 * Writes the QR image fixtures used by tests, scenarios and the ads corpus:
 *   test/fixtures/qr.png    a QR code with a URL
 *   test/fixtures/qr.jpg    a QR code on a grey, noisy "poster", as a JPEG
 *   test/fixtures/photo.png an image with no QR code (gradient and noise)
 *   test/fixtures/jpeg/*.jpg the small poster in the kinds of JPEG phones and WeChat write
 *                           (progressive, chroma subsampling, restart markers, greyscale),
 *                           for the luma decoder's tests (src/core/ads/jpeg-luma.ts); these
 *                           need libjpeg-turbo's `cjpeg` (apt-get install libjpeg-turbo-progs)
 *                           and are skipped without it
 * Deterministic (seeded noise), so re-running gives the same files.
 * Run: npx tsx scripts/make-qr-fixtures.ts
 */
import { seededRng } from '../src/core/seeded-rng'
import { execFileSync } from 'node:child_process'
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

/** cjpeg's options for each variant: odd sizes (not whole MCUs), every sampling and scan layout we read */
export const JPEG_VARIANTS: Record<string, string[]> = {
  'baseline-420.jpg': ['-quality', '85', '-sample', '2x2'],
  'baseline-422-restart.jpg': ['-quality', '85', '-sample', '2x1', '-restart', '1B'],
  'baseline-444-optimized.jpg': ['-quality', '90', '-sample', '1x1', '-optimize'],
  'progressive-420.jpg': ['-quality', '85', '-progressive', '-sample', '2x2'],
  'progressive-444-restart.jpg': ['-quality', '85', '-progressive', '-sample', '1x1', '-restart', '2'],
  'grey-progressive.jpg': ['-quality', '85', '-grayscale', '-progressive'],
}

/** The small poster as a binary PPM (what cjpeg reads). */
function ppm(img: { data: Buffer; width: number; height: number }): Buffer {
  const rgb = Buffer.alloc(img.width * img.height * 3)
  for (let i = 0, o = 0; i < img.width * img.height; i++, o += 3) img.data.copy(rgb, o, i * 4, i * 4 + 3)
  return Buffer.concat([Buffer.from(`P6\n${img.width} ${img.height}\n255\n`), rgb])
}

/** The QR on a small, softly shaded card of an odd size (no whole MCUs), a little noise: a few KB as JPEG. */
function card(qr: PNG, seed: number): { data: Buffer; width: number; height: number } {
  const width = qr.width + 38
  const height = qr.height + 54
  const data = Buffer.alloc(width * height * 4)
  const next = rng(seed)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const shade = 200 + Math.floor((x / width) * 30 + (y / height) * 20 + next() * 6)
      data[i] = shade
      data[i + 1] = shade - 15
      data[i + 2] = 255 - shade / 2
      data[i + 3] = 255
    }
  }
  for (let y = 0; y < qr.height; y++) qr.data.copy(data, ((19 + y) * width + 17) * 4, y * qr.width * 4, (y + 1) * qr.width * 4)
  return { data, width, height }
}

/** the JPEG variants, when cjpeg is there: false without it */
export async function makeJpegVariants(dir: string): Promise<boolean> {
  const source = ppm(card(await qrPng(QR_JPG_TEXT, 3), 9))
  try {
    execFileSync('cjpeg', ['-version'], { stdio: 'ignore' })
  } catch {
    return false
  }
  mkdirSync(join(dir, 'jpeg'), { recursive: true })
  for (const [name, args] of Object.entries(JPEG_VARIANTS)) writeFileSync(join(dir, 'jpeg', name), execFileSync('cjpeg', args, { input: source }))
  return true
}

export async function makeQrFixtures(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'qr.png'), PNG.sync.write(await qrPng(QR_PNG_TEXT, 6)))
  writeFileSync(join(dir, 'qr.jpg'), jpeg.encode(poster(await qrPng(QR_JPG_TEXT, 5), 7), 80).data)
  writeFileSync(join(dir, 'photo.png'), PNG.sync.write(photo(240, 180, 42)))
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'test', 'fixtures')
  makeQrFixtures(dir)
    .then(async () => {
      console.log('wrote test/fixtures/qr.png, qr.jpg, photo.png')
      console.log((await makeJpegVariants(dir)) ? 'wrote test/fixtures/jpeg/*.jpg' : 'skipped test/fixtures/jpeg/*.jpg: no cjpeg (apt-get install libjpeg-turbo-progs)')
    })
    .catch((err: unknown) => {
      console.error(err)
      process.exitCode = 1
    })
}
