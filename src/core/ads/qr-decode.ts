import jpeg from 'jpeg-js'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

/**
 * The text of a QR code in a PNG or JPEG image, or undefined when there is none or the
 * bytes are not an image we read. Never throws: a broken upload is "no QR", not a crash.
 */

interface Rgba {
  data: Uint8ClampedArray
  width: number
  height: number
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff])

/** jsQR is linear in pixels; a 12 MP phone photo is read at these sizes instead. */
const SMALL_SIDE = 1024
const LARGE_SIDE = 2048
/** refuse to decode bigger images at all (memory); WeChat sends nothing near this */
const MAX_MEGAPIXELS = 64

function decodeImage(data: Buffer): Rgba | undefined {
  if (data.length >= PNG_MAGIC.length && data.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
    const png = PNG.sync.read(data)
    return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height }
  }
  if (data.length >= JPEG_MAGIC.length && data.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC)) {
    const img = jpeg.decode(data, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    })
    return { data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height }
  }
  return undefined
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

export function decodeQr(data: Buffer): string | undefined {
  try {
    const img = decodeImage(data)
    if (!img) return undefined
    const longSide = Math.max(img.width, img.height)
    // cheapest first: a small copy finds poster-sized QRs; the larger one finds small QRs
    // in a photo; the original only when it is not huge
    const sizes = [SMALL_SIDE, LARGE_SIDE].filter((side) => side < longSide)
    for (const side of sizes) {
      const found = scan(downscale(img, side))
      if (found !== undefined) return found
    }
    return longSide <= LARGE_SIDE ? scan(img) : undefined
  } catch {
    return undefined
  }
}
