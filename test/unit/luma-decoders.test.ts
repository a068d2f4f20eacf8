import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync, crc32 } from 'node:zlib'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { seededRng } from '../../src/core/seeded-rng'
import { decodeJpegLuma } from '../../src/core/ads/jpeg-luma'
import { shrinkLuma, type Luma } from '../../src/core/ads/luma'
import { decodePngLuma, decodePngLumaStreamed } from '../../src/core/ads/png-luma'
import { readQr } from '../../src/core/ads/qr-decode'

/**
 * The decoders that turn an image straight into a shrunk greyscale copy (issue 17, item 3):
 * checked against the PNG standard (images built here, every colour type, bit depth, row
 * filter and interlacing) and against jpeg-js's own luma for the JPEG kinds phones write
 * (test/fixtures/jpeg/, made by scripts/make-qr-fixtures.ts with libjpeg's cjpeg).
 */
const fixtures = join(__dirname, '..', 'fixtures')
const JPEG_QR_TEXT = 'https://u.wechat.example/g/qunhq-fixture-jpeg'
const BIG = 1 << 30

/** the luma a chat shows: BT.709, composited over white */
const lumaOf = (r: number, g: number, b: number, a = 255) => {
  const l = (r * 54 + g * 183 + b * 19 + 128) >> 8
  return a === 255 ? l : ((l * a + 255 * (255 - a)) / 255) | 0
}

function maxDiff(a: Luma, b: Luma): number {
  expect([a.width, a.height]).toEqual([b.width, b.height])
  let max = 0
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!))
  return max
}

// ---- PNG, built by hand from samples: the spec is the oracle ----

interface PngSpec {
  width: number
  height: number
  colorType: number
  bitDepth: number
  interlace?: boolean
  palette?: number[][]
  trns?: number[]
  /** the samples of pixel (x, y), one per channel, at the bit depth */
  sample: (x: number, y: number) => number[]
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
]

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** one row of samples as bytes at the bit depth */
function packRow(samples: number[], depth: number): Buffer {
  if (depth === 16) {
    const b = Buffer.alloc(samples.length * 2)
    samples.forEach((s, i) => b.writeUInt16BE(s, i * 2))
    return b
  }
  if (depth === 8) return Buffer.from(samples)
  const b = Buffer.alloc(Math.ceil((samples.length * depth) / 8))
  samples.forEach((s, i) => (b[(i * depth) >> 3]! |= s << (8 - depth - ((i * depth) & 7))))
  return b
}

/** filter `type` applied to a row (the encoder's side of what the decoder undoes) */
function filterRow(type: number, row: Buffer, prev: Buffer, bpp: number): Buffer {
  const out = Buffer.alloc(row.length + 1)
  out[0] = type
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp]! : 0
    const b = prev[i] ?? 0
    const c = i >= bpp ? (prev[i - bpp] ?? 0) : 0
    const p = a + b - c
    const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
    const pred = [0, a, b, (a + b) >> 1, paeth][type]!
    out[i + 1] = (row[i]! - pred) & 0xff
  }
  return out
}

function buildPng(spec: PngSpec): Buffer {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[spec.colorType]!
  const bpp = Math.max(1, (channels * spec.bitDepth) >> 3)
  const passes = spec.interlace ? ADAM7 : [[0, 0, 1, 1]]
  const raw: Buffer[] = []
  let n = 0
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((spec.width - x0!) / dx!)
    const h = Math.ceil((spec.height - y0!) / dy!)
    if (w <= 0 || h <= 0) continue
    let prev: Buffer = Buffer.alloc(0)
    for (let r = 0; r < h; r++) {
      const samples: number[] = []
      for (let c = 0; c < w; c++) samples.push(...spec.sample(x0! + c * dx!, y0! + r * dy!))
      const row = packRow(samples, spec.bitDepth)
      raw.push(filterRow(n++ % 5, row, prev, bpp)) // every filter type in turn
      prev = row
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(spec.width, 0)
  ihdr.writeUInt32BE(spec.height, 4)
  ihdr[8] = spec.bitDepth
  ihdr[9] = spec.colorType
  ihdr[12] = spec.interlace ? 1 : 0
  const idat = deflateSync(Buffer.concat(raw))
  // two IDAT chunks: the data is one stream across them
  const parts = [chunk('IHDR', ihdr)]
  if (spec.palette) parts.push(chunk('PLTE', Buffer.from(spec.palette.flat())))
  if (spec.trns) parts.push(chunk('tRNS', Buffer.from(spec.trns)))
  parts.push(chunk('IDAT', idat.subarray(0, idat.length >> 1)), chunk('IDAT', idat.subarray(idat.length >> 1)), chunk('IEND', Buffer.alloc(0)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...parts])
}

/** the luma each pixel of `spec` should come out as */
function expectedLuma(spec: PngSpec): Luma {
  const data = new Uint8Array(spec.width * spec.height)
  const max = (1 << spec.bitDepth) - 1
  const to8 = (s: number) => (spec.bitDepth === 16 ? s >> 8 : spec.bitDepth === 8 ? s : Math.round((s * 255) / max))
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const s = spec.sample(x, y)
      let v: number
      switch (spec.colorType) {
        case 0:
          // the tRNS grey is fully transparent: white
          v = spec.trns && s[0] === ((spec.trns[0]! << 8) | spec.trns[1]!) ? 255 : to8(s[0]!)
          break
        case 2:
          v = lumaOf(to8(s[0]!), to8(s[1]!), to8(s[2]!))
          break
        case 3: {
          const [r, g, b] = spec.palette![s[0]!]!
          v = lumaOf(r!, g!, b!, spec.trns?.[s[0]!] ?? 255)
          break
        }
        case 4:
          v = lumaOf(to8(s[0]!), to8(s[0]!), to8(s[0]!), to8(s[1]!))
          break
        default:
          v = lumaOf(to8(s[0]!), to8(s[1]!), to8(s[2]!), to8(s[3]!))
      }
      data[y * spec.width + x] = v
    }
  }
  return { data, width: spec.width, height: spec.height }
}

const rng = seededRng(5)
const noise = (w: number, h: number, channels: number, depth: number) => {
  const max = (1 << depth) - 1
  const table = Array.from({ length: w * h }, () => Array.from({ length: channels }, () => Math.floor(rng() * (max + 1))))
  return (x: number, y: number) => table[y * w + x]!
}

const PNG_KINDS: [string, Omit<PngSpec, 'sample'>, number][] = [
  ['grey 1-bit', { width: 37, height: 23, colorType: 0, bitDepth: 1 }, 1],
  ['grey 2-bit', { width: 37, height: 23, colorType: 0, bitDepth: 2 }, 1],
  ['grey 4-bit', { width: 37, height: 23, colorType: 0, bitDepth: 4 }, 1],
  ['grey 8-bit with a transparent grey', { width: 37, height: 23, colorType: 0, bitDepth: 8, trns: [0, 7] }, 1],
  ['grey 16-bit', { width: 37, height: 23, colorType: 0, bitDepth: 16 }, 1],
  ['RGB 8-bit', { width: 37, height: 23, colorType: 2, bitDepth: 8 }, 3],
  ['RGB 16-bit', { width: 37, height: 23, colorType: 2, bitDepth: 16 }, 3],
  ['grey + alpha 8-bit', { width: 37, height: 23, colorType: 4, bitDepth: 8 }, 2],
  ['grey + alpha 16-bit', { width: 37, height: 23, colorType: 4, bitDepth: 16 }, 2],
  ['RGBA 8-bit', { width: 37, height: 23, colorType: 6, bitDepth: 8 }, 4],
  ['RGBA 16-bit', { width: 37, height: 23, colorType: 6, bitDepth: 16 }, 4],
  ['RGBA 8-bit, Adam7 interlaced', { width: 37, height: 23, colorType: 6, bitDepth: 8, interlace: true }, 4],
  ['grey 2-bit, Adam7 interlaced, 3×2 (empty passes)', { width: 3, height: 2, colorType: 0, bitDepth: 2, interlace: true }, 1],
]

describe('PNG → luma', () => {
  it.each(PNG_KINDS)('%s: every pixel as the standard says, through every row filter', async (_name, kind, channels) => {
    const spec: PngSpec = { ...kind, sample: noise(kind.width, kind.height, channels, kind.bitDepth) }
    const bytes = buildPng(spec)
    const want = expectedLuma(spec)
    expect(maxDiff(decodePngLuma(bytes, BIG, BIG), want)).toBe(0)
    expect(maxDiff(await decodePngLumaStreamed(bytes, BIG, BIG), want)).toBe(0)
  })

  it.each([1, 2, 4, 8])('a %d-bit palette image, with transparent entries shown over white', (depth) => {
    const entries = 1 << depth
    const palette = Array.from({ length: entries }, (_, i) => [(i * 53) % 256, (i * 97) % 256, (i * 31) % 256])
    const trns = Array.from({ length: Math.min(entries, 3) }, (_, i) => i * 100)
    const spec: PngSpec = { width: 29, height: 17, colorType: 3, bitDepth: depth, palette, trns, sample: noise(29, 17, 1, depth) }
    expect(maxDiff(decodePngLuma(buildPng(spec), BIG, BIG), expectedLuma(spec))).toBe(0)
  })

  it('pngjs files agree too (its own encoder, adaptive filters)', () => {
    const png = new PNG({ width: 50, height: 40 })
    for (let i = 0; i < png.data.length; i++) png.data[i] = Math.floor(rng() * 256)
    const bytes = PNG.sync.write(png)
    const back = PNG.sync.read(bytes)
    const want = new Uint8Array(50 * 40).map((_, i) => lumaOf(back.data[i * 4]!, back.data[i * 4 + 1]!, back.data[i * 4 + 2]!, back.data[i * 4 + 3]!))
    expect(maxDiff(decodePngLuma(bytes, BIG, BIG), { data: want, width: 50, height: 40 })).toBe(0)
  })

  it('shrinks while it reads: the same pixels as a full decode shrunk afterwards, interlaced or not', async () => {
    for (const interlace of [false, true]) {
      const spec: PngSpec = { width: 203, height: 121, colorType: 2, bitDepth: 8, interlace, sample: noise(203, 121, 3, 8) }
      const bytes = buildPng(spec)
      const small = decodePngLuma(bytes, 50, BIG)
      // the longer side 203 to at most 50: a factor of 5
      expect([small.width, small.height]).toEqual([40, 24])
      expect(maxDiff(small, shrinkLuma(expectedLuma(spec), 50))).toBe(0)
      expect(maxDiff(await decodePngLumaStreamed(bytes, 50, BIG), small)).toBe(0)
    }
  })

  it('refuses what it cannot read, and a cut file, with a reason', async () => {
    const spec: PngSpec = { width: 40, height: 40, colorType: 2, bitDepth: 8, sample: noise(40, 40, 3, 8) }
    const bytes = buildPng(spec)
    expect(() => decodePngLuma(bytes.subarray(0, bytes.length - 200), BIG, BIG)).toThrow()
    await expect(decodePngLumaStreamed(bytes.subarray(0, bytes.length - 200), BIG, BIG)).rejects.toThrow()
    expect(() => decodePngLuma(bytes, BIG, 1000)).toThrow(/pixel budget/)
    // a 2×1 grey image whose one row has filter type 9, which does not exist
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(2, 0)
    ihdr.writeUInt32BE(1, 4)
    ihdr[8] = 8
    const badFilter = Buffer.concat([bytes.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([9, 0, 0]))), chunk('IEND', Buffer.alloc(0))])
    expect(() => decodePngLuma(badFilter, BIG, BIG)).toThrow(/row filter/)
  })
})

// ---- JPEG: jpeg-js's luma (no colour transform) is the oracle ----

const JPEGS = readdirSync(join(fixtures, 'jpeg')).filter((f) => f.endsWith('.jpg'))

function jpegJsLuma(bytes: Buffer): Luma {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, colorTransform: false })
  return { data: new Uint8Array(img.width * img.height).map((_, i) => img.data[i * 4]!), width: img.width, height: img.height }
}

describe('JPEG → luma', () => {
  it('the fixtures cover progressive, subsampled, restart-marked and greyscale files', () => {
    expect(JPEGS.sort()).toEqual(['baseline-420.jpg', 'baseline-422-restart.jpg', 'baseline-444-optimized.jpg', 'grey-progressive.jpg', 'progressive-420.jpg', 'progressive-444-restart.jpg'])
  })

  it.each(JPEGS)('%s: full size, the luma jpeg-js decodes (within a rounding), and its QR code is read', (name) => {
    const bytes = readFileSync(join(fixtures, 'jpeg', name))
    expect(maxDiff(decodeJpegLuma(bytes, { maxSide: BIG, maxPixels: BIG }), jpegJsLuma(bytes))).toBeLessThanOrEqual(2)
    expect(readQr(bytes)).toMatchObject({ outcome: 'qr', text: JPEG_QR_TEXT })
  })

  it.each([2, 4, 8])('decoded at 1/%d: each pixel the mean of its block in the full-size decode', (scale) => {
    const bytes = readFileSync(join(fixtures, 'qr.jpg'))
    const full = decodeJpegLuma(bytes, { maxSide: BIG, maxPixels: BIG })
    const small = decodeJpegLuma(bytes, { maxSide: Math.ceil(Math.max(full.width, full.height) / scale), maxPixels: BIG })
    expect([small.width, small.height]).toEqual([Math.ceil(full.width / scale), Math.ceil(full.height / scale)])
    // the mean of the whole blocks inside the image
    let worst = 0
    for (let y = 0; y < Math.floor(full.height / scale); y++) {
      for (let x = 0; x < Math.floor(full.width / scale); x++) {
        let s = 0
        for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) s += full.data[(y * scale + dy) * full.width + x * scale + dx]!
        worst = Math.max(worst, Math.abs(small.data[y * small.width + x]! - s / (scale * scale)))
      }
    }
    // the full-size pixels were rounded once already
    expect(worst).toBeLessThanOrEqual(1)
  })

  it('refuses arithmetic coding, a cut file and a frame over the budget, with a reason', () => {
    const bytes = readFileSync(join(fixtures, 'jpeg', 'baseline-420.jpg'))
    const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]))
    const arithmetic = Buffer.from(bytes)
    arithmetic[sof + 1] = 0xc9
    expect(() => decodeJpegLuma(arithmetic, { maxSide: BIG, maxPixels: BIG })).toThrow(/arithmetic/)
    expect(() => decodeJpegLuma(bytes.subarray(0, 3000), { maxSide: BIG, maxPixels: BIG })).toThrow(/ends mid-scan/)
    expect(() => decodeJpegLuma(bytes, { maxSide: BIG, maxPixels: 100 })).toThrow(/pixel budget/)
  })
})

describe('damaged files', () => {
  it('a hundred randomly damaged PNGs and JPEGs: every one ends in an answer (read, none, unreadable), never an exception or a hang', () => {
    const r = seededRng(99)
    const sources = [readFileSync(join(fixtures, 'qr.png')), ...JPEGS.map((f) => readFileSync(join(fixtures, 'jpeg', f)))]
    const outcomes = new Set<string>()
    for (let i = 0; i < 105; i++) {
      const bytes = Buffer.from(sources[i % sources.length]!)
      // keep the header (the reader checks it first); damage what follows
      for (let k = 0; k < 1 + Math.floor(r() * 8); k++) {
        const at = 300 + Math.floor(r() * (bytes.length - 300))
        bytes[at] = r() < 0.2 ? 0xff : Math.floor(r() * 256)
      }
      const cut = r() < 0.3 ? bytes.subarray(0, 300 + Math.floor(r() * (bytes.length - 300))) : bytes
      outcomes.add(readQr(cut).outcome)
    }
    expect([...outcomes].every((o) => ['qr', 'none', 'unreadable', 'not-image'].includes(o))).toBe(true)
    expect(outcomes.has('unreadable')).toBe(true)
  })
})
