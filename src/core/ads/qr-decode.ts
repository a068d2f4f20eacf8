import jpeg from 'jpeg-js'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { pixelsOf, readImageHeader, type ImageHeader } from './image-header'

/**
 * QR codes in PNG and JPEG images. CPU-heavy and pure: the bot runs it in a worker thread
 * (src/images/qr-reader.ts). The declared size is checked against a pixel budget before
 * anything is decoded. Never throws: a broken upload is "no QR", not a crash.
 */

interface Rgba {
  data: Uint8ClampedArray
  width: number
  height: number
}

/** jsQR is linear in pixels; a 12 MP phone photo is read at these sizes instead. */
const SMALL_SIDE = 1024
const LARGE_SIDE = 2048
/** jpeg-js's memory limit per pixel of budget: four components (CMYK) with room to spare */
const JPEG_BYTES_PER_PIXEL = 24

/** the default pixel budget (config `images.maxMegapixels`) */
export const DEFAULT_MAX_PIXELS = 16_000_000

/** What reading one image came to; `header` is what the image declared. */
export type QrRead =
  | { outcome: 'qr'; text: string; header: ImageHeader }
  | { outcome: 'none'; header: ImageHeader }
  | { outcome: 'not-image' }
  | { outcome: 'over-budget'; header: ImageHeader }
  /** the decoder gave up (truncated or corrupt data, or its own limits) */
  | { outcome: 'unreadable'; header: ImageHeader; error: string }

function decodeImage(data: Buffer, header: ImageHeader, maxPixels: number): Rgba {
  if (header.format === 'png') {
    const png = PNG.sync.read(data)
    // the header was checked, but a decoder is the last word on what it built
    if (pixelsOf(png) > maxPixels) throw new Error('decoded size over the budget')
    return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height }
  }
  // jpeg-js's own limits stop a later frame that declares more than the one we checked;
  // it needs about 13 bytes a pixel for three components (coefficients, planes, RGBA)
  const img = jpeg.decode(data, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: maxPixels / 1e6,
    maxMemoryUsageInMB: Math.ceil((maxPixels * JPEG_BYTES_PER_PIXEL) / 2 ** 20) + 16,
  })
  return { data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height }
}

/** Box-filter downscale so the longer side is at most `maxSide`; averaging keeps QR modules crisp enough. */
export function downscale(img: Rgba, maxSide: number): Rgba {
  const factor = Math.ceil(Math.max(img.width, img.height) / maxSide)
  if (factor <= 1) return img
  const width = Math.floor(img.width / factor)
  const height = Math.floor(img.height / factor)
  const out = new Uint8ClampedArray(width * height * 4)
  const area = factor * factor
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0
      let g = 0
      let b = 0
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * img.width + x * factor) * 4
        for (let dx = 0; dx < factor; dx++, i += 4) {
          r += img.data[i]!
          g += img.data[i + 1]!
          b += img.data[i + 2]!
        }
      }
      const o = (y * width + x) * 4
      out[o] = r / area
      out[o + 1] = g / area
      out[o + 2] = b / area
      out[o + 3] = 255
    }
  }
  return { data: out, width, height }
}

function scan(img: Rgba): string | undefined {
  if (img.width < 21 || img.height < 21) return undefined // smaller than the smallest QR
  return jsQR(img.data, img.width, img.height, { inversionAttempts: 'attemptBoth' })?.data
}

/** The text of a QR code in the image, or undefined (none, not an image, over the budget). */
export function decodeQr(data: Buffer, maxPixels = DEFAULT_MAX_PIXELS): string | undefined {
  const read = readQr(data, maxPixels)
  return read.outcome === 'qr' ? read.text : undefined
}

/** Checks the declared size against `maxPixels` first; decodes and scans only within it. */
export function readQr(data: Buffer, maxPixels = DEFAULT_MAX_PIXELS): QrRead {
  const header = readImageHeader(data)
  if (!header) return { outcome: 'not-image' }
  if (pixelsOf(header) > maxPixels) return { outcome: 'over-budget', header }
  try {
    const text = scanImage(data, header, maxPixels)
    return text === undefined ? { outcome: 'none', header } : { outcome: 'qr', text, header }
  } catch (err) {
    return { outcome: 'unreadable', header, error: (err as Error).message }
  }
}

function scanImage(data: Buffer, header: ImageHeader, maxPixels: number): string | undefined {
  const img = decodeImage(data, header, maxPixels)
  const longSide = Math.max(img.width, img.height)
  // cheapest first: a small copy finds poster-sized QRs; the larger one finds small QRs
  // in a photo; the original only when it is not huge
  const sizes = [SMALL_SIDE, LARGE_SIDE].filter((side) => side < longSide)
  for (const side of sizes) {
    const found = scan(downscale(img, side))
    if (found !== undefined) return found
  }
  return longSide <= LARGE_SIDE ? scan(img) : undefined
}
