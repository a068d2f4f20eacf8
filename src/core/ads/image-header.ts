/**
 * The size an image declares in its header, read without decoding it: a 116-byte PNG can
 * claim 30000×30000, and the decoders allocate what the header claims before they look
 * further. Reads only the header (bounds-checked); anything it cannot follow is "not an
 * image" (undefined), never an exception.
 */

export interface ImageHeader {
  format: 'png' | 'jpeg'
  width: number
  height: number
  /** JPEG only: a progressive frame (SOF2/6/10/14) */
  progressive?: true
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** the largest side either format can state (PNG: 2^31-1; JPEG: 65535) */
const MAX_SIDE = 0x7fffffff

export function readImageHeader(data: Uint8Array): ImageHeader | undefined {
  if (startsWith(data, PNG_MAGIC)) return pngHeader(data)
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return jpegHeader(data)
  return undefined
}

export function pixelsOf(h: Pick<ImageHeader, 'width' | 'height'>): number {
  return h.width * h.height
}

function startsWith(data: Uint8Array, magic: number[]): boolean {
  return data.length >= magic.length && magic.every((b, i) => data[i] === b)
}

const u16 = (d: Uint8Array, at: number): number => (d[at]! << 8) | d[at + 1]!
const u32 = (d: Uint8Array, at: number): number => ((d[at]! << 24) >>> 0) + (d[at + 1]! << 16) + (d[at + 2]! << 8) + d[at + 3]!

/** IHDR must be the first chunk: length 13, then width and height as big-endian u32. */
function pngHeader(d: Uint8Array): ImageHeader | undefined {
  if (d.length < 8 + 8 + 13) return undefined
  const type = String.fromCharCode(d[12]!, d[13]!, d[14]!, d[15]!)
  if (u32(d, 8) !== 13 || type !== 'IHDR') return undefined
  const width = u32(d, 16)
  const height = u32(d, 20)
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return undefined
  if (hasSecondIhdr(d)) return undefined
  return { format: 'png', width, height }
}

/** A decoder may take a later IHDR as the size: one that is not first makes the file unreadable to us. */
function hasSecondIhdr(d: Uint8Array): boolean {
  for (let at = 8 + 12 + 13; at + 8 <= d.length; at += 12 + u32(d, at)) {
    const type = String.fromCharCode(d[at + 4]!, d[at + 5]!, d[at + 6]!, d[at + 7]!)
    if (type === 'IHDR') return true
    if (type === 'IEND') return false
  }
  return false
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
const isFrame = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc
const PROGRESSIVE = new Set([0xc2, 0xc6, 0xca, 0xce])
/** markers without a length field: TEM, RSTn, SOI, EOI */
const standalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd8)

/**
 * Walks the marker segments up to the first scan (SOS) and takes the largest frame
 * declared there; every step moves forward, so the walk ends within the buffer.
 */
function jpegHeader(d: Uint8Array): ImageHeader | undefined {
  let at = 2
  let best: ImageHeader | undefined
  while (at < d.length) {
    if (d[at] !== 0xff) return undefined
    while (at < d.length && d[at] === 0xff) at++ // fill bytes
    if (at >= d.length) return undefined
    const marker = d[at]!
    at++
    if (marker === 0xd9) return undefined // EOI before any scan
    if (standalone(marker)) continue
    if (at + 2 > d.length) return undefined
    const length = u16(d, at)
    if (length < 2 || at + length > d.length) return undefined
    if (marker === 0xda) return best // SOS: the frame header is behind us
    if (isFrame(marker)) {
      if (length < 8) return undefined
      const height = u16(d, at + 3)
      const width = u16(d, at + 5)
      // height 0 means "given later in a DNL segment": a size we cannot check is refused
      if (width < 1 || height < 1) return undefined
      if (!best || width * height > pixelsOf(best)) {
        best = { format: 'jpeg', width, height, ...(PROGRESSIVE.has(marker) ? { progressive: true as const } : {}) }
      }
    }
    at += length
  }
  return undefined
}
