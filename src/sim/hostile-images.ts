import { crc32, deflateSync } from 'node:zlib'
import jpeg from 'jpeg-js'

/**
 * Decompression bombs, built by hand for tests, scenarios and the bench: tiny files whose
 * headers declare (or really hold) huge images. What a hostile member can send.
 */

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function png(width: number, height: number, colorType: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = colorType
  return Buffer.concat([PNG_MAGIC, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))])
}

/** A ~100-byte RGBA PNG whose header claims `width`×`height` (its data is a few zero rows). */
export function pngClaiming(width: number, height: number): Buffer {
  return png(width, height, 6, deflateSync(Buffer.alloc(64), { level: 9 }))
}

/** A real grey PNG: every scanline is there, all zeros, so 5000×5000 is ~25 KB on disk. */
export function blankPng(width: number, height: number): Buffer {
  return png(width, height, 0, deflateSync(Buffer.alloc((width + 1) * height), { level: 9 }))
}

/** A small real JPEG (jpeg-js, baseline) whose frame header is rewritten to claim `width`×`height`. */
export function jpegClaiming(width: number, height: number, opts: { progressive?: boolean } = {}): Buffer {
  const data = Buffer.alloc(16 * 16 * 4, 128)
  const out = Buffer.from(jpeg.encode({ data, width: 16, height: 16 }, 50).data)
  const sof = out.indexOf(Buffer.from([0xff, 0xc0]))
  if (sof < 0) throw new Error('jpeg-js wrote no SOF0 marker')
  if (opts.progressive) out[sof + 1] = 0xc2
  out.writeUInt16BE(height, sof + 5)
  out.writeUInt16BE(width, sof + 7)
  return out
}
