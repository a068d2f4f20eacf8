/**
 * Genuine big photos for the image benches and tests: every pixel is there (gradients and
 * noise, so they compress like a photo, not like a blank page), with a QR code printed in
 * the middle, as a poster photographed by a phone. Written once into a cache directory
 * (os.tmpdir()), never into the project: a 16 MP JPEG is ~20 MB.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { seededRng } from '../src/core/seeded-rng'

export const BIG_PHOTO_QR_TEXT = 'https://coupon.example/qr?from=qunhq-big-photo'

export interface BigPhoto {
  width: number
  height: number
  /** RGBA */
  data: Buffer
}

/** A photo-like RGBA image with a QR code of `BIG_PHOTO_QR_TEXT` (modules of `moduleSize` pixels) in the middle. */
export async function bigPhoto(width: number, height: number, opts: { seed?: number; moduleSize?: number; qr?: boolean } = {}): Promise<BigPhoto> {
  const data = Buffer.alloc(width * height * 4)
  const next = seededRng(opts.seed ?? 11)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const noise = (next() - 0.5) * 48
      data[i] = Math.max(0, Math.min(255, (x / width) * 180 + 40 + noise))
      data[i + 1] = Math.max(0, Math.min(255, (y / height) * 160 + 50 + noise))
      data[i + 2] = Math.max(0, Math.min(255, 170 - (x / width) * 90 + noise))
      data[i + 3] = 255
    }
  }
  if (opts.qr !== false) {
    const qr = PNG.sync.read(await QRCode.toBuffer(BIG_PHOTO_QR_TEXT, { type: 'png', margin: 4, scale: opts.moduleSize ?? 12, errorCorrectionLevel: 'M' }))
    const left = Math.max(0, Math.floor((width - qr.width) / 2))
    const top = Math.max(0, Math.floor((height - qr.height) / 2))
    for (let y = 0; y < Math.min(qr.height, height); y++) {
      qr.data.copy(data, ((top + y) * width + left) * 4, y * qr.width * 4, (y * qr.width + Math.min(qr.width, width)) * 4)
    }
  }
  return { width, height, data }
}

/**
 * The cached file of a big photo (`kind` png or jpeg), made on first use. Returns its path.
 * `quality` is the JPEG quality (95 gives a 16 MP photo of about 20 MB, as a phone's "original").
 */
export async function bigPhotoFile(kind: 'png' | 'jpeg', width: number, height: number, opts: { quality?: number; qr?: boolean; dir?: string } = {}): Promise<string> {
  const dir = opts.dir ?? join(tmpdir(), 'qunhq-big-photos')
  mkdirSync(dir, { recursive: true })
  const quality = opts.quality ?? 95
  const name = `photo-${width}x${height}${opts.qr === false ? '-noqr' : ''}${kind === 'jpeg' ? `-q${quality}.jpg` : '.png'}`
  const path = join(dir, name)
  if (existsSync(path)) return path
  const photo = await bigPhoto(width, height, { qr: opts.qr ?? true })
  const bytes = kind === 'jpeg' ? jpeg.encode(photo, quality).data : PNG.sync.write(Object.assign(new PNG({ width, height }), { data: photo.data }), { deflateLevel: 1 })
  // written under another name first: a reader never sees half a file
  writeFileSync(`${path}.part`, bytes)
  renameSync(`${path}.part`, path)
  return path
}

export const readBigPhoto = (path: string): Buffer => readFileSync(path)
