import { createInflate, inflateSync } from 'node:zlib'
import type { Luma } from './luma'

/**
 * PNG → greyscale, shrunk while it is read: the rows are unfiltered one at a time and added
 * into a box filter, so memory is a row or two plus the small result (an interlaced image
 * adds one plane of sums at the result's size), never the full image. The compressed data
 * is fed in whatever pieces the caller has (a zlib stream in the worker, or one inflated
 * buffer in `decodePngLuma`), and reading stops at the last row: data past it is never
 * inflated. Every colour type and bit depth of the PNG standard is read; transparent pixels
 * count as white, as a chat shows them.
 */

export interface PngLayout {
  width: number
  height: number
  bitDepth: number
  colorType: number
  interlaced: boolean
  /** RGB triplets */
  palette?: Uint8Array
  /** tRNS: one alpha per palette entry, or the one transparent grey / RGB value */
  transparency?: Uint8Array
  /** the compressed image data, as the IDAT chunks hold it (views, not copies) */
  idat: Uint8Array[]
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] }
/** Adam7: first column and row, column and row step of each pass */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const

/** BT.709 luma in fixed point (jsQR weighs colours the same way), 0..255. Here, not in luma.ts: a hot loop's call across modules goes through an export getter under tsx. */
const lumaOf = (r: number, g: number, b: number): number => (r * 54 + g * 183 + b * 19 + 128) >> 8

/** A pixel with opacity `a` (0..255) as it shows on a white chat background. */
const overWhite = (luma: number, a: number): number => (a === 255 ? luma : ((luma * a + 255 * (255 - a)) / 255) | 0)

const u32 = (d: Uint8Array, at: number): number => ((d[at]! << 24) >>> 0) + (d[at + 1]! << 16) + (d[at + 2]! << 8) + d[at + 3]!

/** The chunks a decoder needs; throws on a layout it cannot follow (the caller reports "unreadable"). */
export function parsePng(d: Uint8Array, maxPixels = Infinity): PngLayout {
  let layout: Omit<PngLayout, 'idat'> | undefined
  const idat: Uint8Array[] = []
  let palette: Uint8Array | undefined
  let transparency: Uint8Array | undefined
  for (let at = 8; ; ) {
    if (at + 8 > d.length) break // no IEND: what was read is what there is
    const length = u32(d, at)
    const type = String.fromCharCode(d[at + 4]!, d[at + 5]!, d[at + 6]!, d[at + 7]!)
    const body = d.subarray(at + 8, Math.min(d.length, at + 8 + length))
    if (type === 'IHDR') {
      if (layout) throw new Error('a second IHDR')
      if (body.length < 13) throw new Error('short IHDR')
      const [bitDepth, colorType, compression, filter, interlace] = [body[8]!, body[9]!, body[10]!, body[11]!, body[12]!]
      if (!DEPTHS[colorType]?.includes(bitDepth)) throw new Error(`colour type ${colorType} with bit depth ${bitDepth} is not PNG`)
      if (compression !== 0 || filter !== 0 || interlace > 1) throw new Error('unknown compression, filter or interlace method')
      layout = { width: u32(body, 0), height: u32(body, 4), bitDepth, colorType, interlaced: interlace === 1 }
    } else if (type === 'PLTE') palette = body
    else if (type === 'tRNS') transparency = body
    else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    if (at + 8 + length > d.length) break // a cut chunk: the inflater will say whether its data is enough
    at += 12 + length
  }
  if (!layout) throw new Error('no IHDR')
  if (layout.width < 1 || layout.height < 1 || layout.width * layout.height > maxPixels) throw new Error('image over the pixel budget')
  if (idat.length === 0) throw new Error('no image data')
  if (layout.colorType === 3 && !palette) throw new Error('palette image without PLTE')
  return { ...layout, idat, ...(palette ? { palette } : {}), ...(transparency ? { transparency } : {}) }
}

/** One row of samples → one luma per pixel (`n` pixels). */
type RowToLuma = (line: Uint8Array, n: number, out: Uint8Array) => void

function rowToLuma(p: PngLayout): RowToLuma {
  const { bitDepth: depth, colorType: type } = p
  const t = p.transparency
  const sample16 = (line: Uint8Array, i: number) => (line[i * 2]! << 8) | line[i * 2 + 1]!
  if (type === 6 && depth === 8) {
    return (line, n, out) => {
      for (let x = 0, i = 0; x < n; x++, i += 4) out[x] = overWhite(lumaOf(line[i]!, line[i + 1]!, line[i + 2]!), line[i + 3]!)
    }
  }
  if (type === 2 && depth === 8) {
    const tr = t && t.length >= 6 ? [(t[0]! << 8) | t[1]!, (t[2]! << 8) | t[3]!, (t[4]! << 8) | t[5]!] : undefined
    return (line, n, out) => {
      for (let x = 0, i = 0; x < n; x++, i += 3) {
        const [r, g, b] = [line[i]!, line[i + 1]!, line[i + 2]!]
        out[x] = tr && r === tr[0] && g === tr[1] && b === tr[2] ? 255 : lumaOf(r, g, b)
      }
    }
  }
  if (type === 0 || type === 4) {
    const alpha = type === 4
    const transparentGrey = !alpha && t && t.length >= 2 ? (t[0]! << 8) | t[1]! : -1
    const max = (1 << depth) - 1
    return (line, n, out) => {
      for (let x = 0; x < n; x++) {
        let v: number
        let a = 255
        if (depth === 16) {
          const s = alpha ? sample16(line, x * 2) : sample16(line, x)
          a = alpha ? line[x * 4 + 2]! : 255
          v = s >> 8
          if (s === transparentGrey) a = 0
        } else if (depth === 8) {
          v = alpha ? line[x * 2]! : line[x]!
          a = alpha ? line[x * 2 + 1]! : 255
          if (v === transparentGrey) a = 0
        } else {
          const bit = x * depth
          const s = (line[bit >> 3]! >> (8 - depth - (bit & 7))) & max
          if (s === transparentGrey) a = 0
          v = Math.round((s * 255) / max)
        }
        out[x] = overWhite(v, a)
      }
    }
  }
  if (type === 3) {
    const pal = p.palette ?? new Uint8Array(0)
    const entries = Math.floor(pal.length / 3)
    const lumas = new Uint8Array(256)
    for (let i = 0; i < 256; i++) lumas[i] = i < entries ? overWhite(lumaOf(pal[i * 3]!, pal[i * 3 + 1]!, pal[i * 3 + 2]!), t && i < t.length ? t[i]! : 255) : 0
    const max = (1 << depth) - 1
    return (line, n, out) => {
      for (let x = 0; x < n; x++) {
        const bit = x * depth
        out[x] = lumas[depth === 8 ? line[x]! : (line[bit >> 3]! >> (8 - depth - (bit & 7))) & max]!
      }
    }
  }
  // RGB 16 and RGBA 16: the high byte of each sample
  const channels = CHANNELS[type]!
  const tr = type === 2 && t && t.length >= 6 ? [(t[0]! << 8) | t[1]!, (t[2]! << 8) | t[3]!, (t[4]! << 8) | t[5]!] : undefined
  return (line, n, out) => {
    for (let x = 0; x < n; x++) {
      const r = sample16(line, x * channels)
      const g = sample16(line, x * channels + 1)
      const b = sample16(line, x * channels + 2)
      const a = channels === 4 ? line[(x * channels + 3) * 2]! : tr && r === tr[0] && g === tr[1] && b === tr[2] ? 0 : 255
      out[x] = overWhite(lumaOf(r >> 8, g >> 8, b >> 8), a)
    }
  }
}

function unfilter(type: number, line: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = line.length
  switch (type) {
    case 0:
      return
    case 1:
      for (let i = bpp; i < n; i++) line[i] = (line[i]! + line[i - bpp]!) & 0xff
      return
    case 2:
      for (let i = 0; i < n; i++) line[i] = (line[i]! + prev[i]!) & 0xff
      return
    case 3:
      for (let i = 0; i < n; i++) line[i] = (line[i]! + (((i >= bpp ? line[i - bpp]! : 0) + prev[i]!) >> 1)) & 0xff
      return
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? line[i - bpp]! : 0
        const b = prev[i]!
        const c = i >= bpp ? prev[i - bpp]! : 0
        // Paeth: the neighbour closest to a + b - c (|p - a| is |b - c|, and so on)
        const pa = b > c ? b - c : c - b
        const pb = a > c ? a - c : c - a
        const pc = a + b - c - c > 0 ? a + b - c - c : c + c - a - b
        line[i] = (line[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff
      }
      return
    default:
      throw new Error(`unknown row filter ${type}`)
  }
}

/** Takes the inflated image data in pieces; `write` answers true once the last row is in. */
export interface PngRowSink {
  write(chunk: Uint8Array): boolean
  /** the shrunk image; throws when rows are missing (a cut file) */
  finish(): Luma
}

/** Rows in, a luma image out with its longer side at most `maxSide` (box filter, an integer factor). */
export function createPngRowSink(p: PngLayout, maxSide: number): PngRowSink {
  const { width, height } = p
  const channels = CHANNELS[p.colorType]!
  const bitsPerPixel = channels * p.bitDepth
  const bpp = Math.max(1, bitsPerPixel >> 3)
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide))
  const outW = Math.floor(width / factor)
  const outH = Math.floor(height / factor)
  const out = new Uint8Array(outW * outH)
  const area = factor * factor
  const toLuma = rowToLuma(p)
  const passes = (p.interlaced ? ADAM7 : [[0, 0, 1, 1] as const])
    .map(([x0, y0, dx, dy]) => ({ x0, y0, dx, dy, w: Math.ceil((width - x0) / dx), h: Math.ceil((height - y0) / dy) }))
    .filter((s) => s.w > 0 && s.h > 0)
  const maxRowBytes = Math.ceil((width * bitsPerPixel) / 8)
  let cur = new Uint8Array(1 + maxRowBytes)
  let prev = new Uint8Array(1 + maxRowBytes)
  const lumaRow = new Uint8Array(width)
  // non-interlaced: one row of sums; interlaced rows come in any order: a plane of sums
  const rowSums = p.interlaced ? undefined : new Uint32Array(outW)
  const planeSums = p.interlaced && factor > 1 ? new Uint32Array(outW * outH) : undefined
  let pass = 0
  let row = 0
  let filled = 0

  function emit(y: number, pw: number, x0: number, dx: number): void {
    const oy = Math.floor(y / factor)
    if (oy >= outH) return
    if (rowSums) {
      for (let ox = 0, x = 0; ox < outW; ox++) {
        let sum = 0
        for (let k = 0; k < factor; k++, x++) sum += lumaRow[x]!
        rowSums[ox]! += sum
      }
      if (y % factor === factor - 1) {
        for (let x = 0; x < outW; x++) out[oy * outW + x] = Math.round(rowSums[x]! / area)
        rowSums.fill(0)
      }
      return
    }
    for (let px = 0; px < pw; px++) {
      const ox = Math.floor((x0 + px * dx) / factor)
      if (ox >= outW) break
      if (planeSums) planeSums[oy * outW + ox]! += lumaRow[px]!
      else out[oy * outW + ox] = lumaRow[px]!
    }
  }

  return {
    write(chunk) {
      let at = 0
      while (pass < passes.length && at < chunk.length) {
        const s = passes[pass]!
        const rowBytes = 1 + Math.ceil((s.w * bitsPerPixel) / 8)
        const take = Math.min(rowBytes - filled, chunk.length - at)
        cur.set(chunk.subarray(at, at + take), filled)
        filled += take
        at += take
        if (filled < rowBytes) break
        const line = cur.subarray(1, rowBytes)
        unfilter(cur[0]!, line, prev.subarray(1, rowBytes), bpp)
        toLuma(line, s.w, lumaRow)
        emit(s.y0 + row * s.dy, s.w, s.x0, s.dx)
        ;[cur, prev] = [prev, cur]
        filled = 0
        if (++row === s.h) {
          pass++
          row = 0
          prev.fill(0) // each pass starts as if above its first row were zeros
        }
      }
      return pass >= passes.length
    },
    finish() {
      if (pass < passes.length) throw new Error(`image data ends early (pass ${pass + 1} of ${passes.length}, row ${row})`)
      if (planeSums) for (let i = 0; i < out.length; i++) out[i] = Math.round(planeSums[i]! / area)
      return { data: out, width: outW, height: outH }
    },
  }
}

/** The inflated size of the image data: every row of every pass with its filter byte. */
function rawBytes(p: PngLayout): number {
  const bits = CHANNELS[p.colorType]! * p.bitDepth
  const passes = p.interlaced ? ADAM7 : [[0, 0, 1, 1] as const]
  let total = 0
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((p.width - x0) / dx)
    const h = Math.ceil((p.height - y0) / dy)
    if (w > 0 && h > 0) total += h * (1 + Math.ceil((w * bits) / 8))
  }
  return total
}

/**
 * Everything at once, in the calling thread: for small images and tests. The inflated data
 * is held whole (at most its declared size: more is refused), so the worker streams instead.
 */
export function decodePngLuma(data: Uint8Array, maxSide: number, maxPixels: number): Luma {
  const layout = parsePng(data, maxPixels)
  const sink = createPngRowSink(layout, maxSide)
  sink.write(inflateSync(Buffer.concat(layout.idat), { maxOutputLength: Math.max(1, rawBytes(layout)) }))
  return sink.finish()
}

/**
 * The worker's way: the compressed data goes through a zlib stream and each piece of output
 * is taken into the rows as it comes, so the inflated image never exists whole; inflating
 * stops once the last row is in.
 */
export function decodePngLumaStreamed(data: Uint8Array, maxSide: number, maxPixels: number): Promise<Luma> {
  const layout = parsePng(data, maxPixels)
  const sink = createPngRowSink(layout, maxSide)
  const inflater = createInflate({ chunkSize: 64 * 1024 })
  return new Promise<Luma>((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      inflater.destroy()
      try {
        fn()
      } catch (err) {
        reject(err as Error)
      }
    }
    inflater.on('data', (piece: Buffer) => {
      if (settled) return
      try {
        if (sink.write(piece)) settle(() => resolve(sink.finish()))
      } catch (err) {
        settle(() => reject(err as Error))
      }
    })
    inflater.on('error', (err) => settle(() => reject(err)))
    inflater.on('end', () => settle(() => resolve(sink.finish())))
    for (const part of layout.idat) inflater.write(part)
    inflater.end()
  })
}
