import jsQR from 'jsqr'
import { pixelsOf, readImageHeader, type ImageHeader } from './image-header'
import { decodeJpegLuma } from './jpeg-luma'
import { lumaToRgba, shrinkLuma, type Luma } from './luma'
import { decodePngLuma, decodePngLumaStreamed } from './png-luma'

/**
 * QR codes in PNG and JPEG images. CPU-heavy and pure: the bot runs it in a worker thread
 * (src/images/qr-reader.ts). The declared size is checked against a pixel budget before
 * anything is decoded, and the image is decoded straight into a shrunk greyscale copy
 * (its longer side at most LARGE_SIDE): a QR code needs far fewer pixels than a photo has,
 * and a 16 MP photo never exists in memory at full size (png-luma.ts, jpeg-luma.ts).
 * Never throws: a broken upload is "unreadable", not a crash.
 */

/** jsQR is linear in pixels; a photo is read at these sizes of its longer side, smaller first. */
const SMALL_SIDE = 1024
const LARGE_SIDE = 2048

/** the default pixel budget (config `images.maxMegapixels`) */
export const DEFAULT_MAX_PIXELS = 16_000_000

/** What reading one image came to; `header` is what the image declared. */
export type QrRead =
  | { outcome: 'qr'; text: string; header: ImageHeader }
  | { outcome: 'none'; header: ImageHeader }
  | { outcome: 'not-image' }
  | { outcome: 'over-budget'; header: ImageHeader }
  /** the decoder gave up (truncated or corrupt data, a kind of JPEG it does not read) */
  | { outcome: 'unreadable'; header: ImageHeader; error: string }

function scan(img: Luma): string | undefined {
  if (img.width < 21 || img.height < 21) return undefined // smaller than the smallest QR
  return jsQR(lumaToRgba(img), img.width, img.height, { inversionAttempts: 'attemptBoth' })?.data
}

/** cheapest first: a small copy finds poster-sized QRs; the larger one finds small QRs in a photo */
function scanAtSizes(base: Luma): string | undefined {
  if (Math.max(base.width, base.height) > SMALL_SIDE) {
    const found = scan(shrinkLuma(base, SMALL_SIDE))
    if (found !== undefined) return found
  }
  return scan(base)
}

function checked(data: Buffer, maxPixels: number): { header: ImageHeader } | { read: QrRead } {
  const header = readImageHeader(data)
  if (!header) return { read: { outcome: 'not-image' } }
  if (pixelsOf(header) > maxPixels) return { read: { outcome: 'over-budget', header } }
  return { header }
}

const answer = (header: ImageHeader, text: string | undefined): QrRead => (text === undefined ? { outcome: 'none', header } : { outcome: 'qr', text, header })
const unreadable = (header: ImageHeader, err: unknown): QrRead => ({ outcome: 'unreadable', header, error: (err as Error).message })

/** The text of a QR code in the image, or undefined (none, not an image, over the budget). */
export function decodeQr(data: Buffer, maxPixels = DEFAULT_MAX_PIXELS): string | undefined {
  const read = readQr(data, maxPixels)
  return read.outcome === 'qr' ? read.text : undefined
}

/**
 * Checks the declared size against `maxPixels` first; decodes and scans only within it.
 * In the calling thread, a PNG's inflated data is held whole: for small images and tests
 * (the worker uses `readQrStreamed`).
 */
export function readQr(data: Buffer, maxPixels = DEFAULT_MAX_PIXELS): QrRead {
  const c = checked(data, maxPixels)
  if ('read' in c) return c.read
  try {
    const base = c.header.format === 'png' ? decodePngLuma(data, LARGE_SIDE, maxPixels) : decodeJpegLuma(data, { maxSide: LARGE_SIDE, maxPixels })
    return answer(c.header, scanAtSizes(base))
  } catch (err) {
    return unreadable(c.header, err)
  }
}

/** `readQr` with a PNG inflated as a stream (a few rows in memory at a time): what the worker runs. */
export async function readQrStreamed(data: Buffer, maxPixels = DEFAULT_MAX_PIXELS): Promise<QrRead> {
  const c = checked(data, maxPixels)
  if ('read' in c) return c.read
  try {
    const base = c.header.format === 'png' ? await decodePngLumaStreamed(data, LARGE_SIDE, maxPixels) : decodeJpegLuma(data, { maxSide: LARGE_SIDE, maxPixels })
    return answer(c.header, scanAtSizes(base))
  } catch (err) {
    return unreadable(c.header, err)
  }
}
