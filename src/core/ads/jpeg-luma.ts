import type { Luma } from './luma'

/**
 * JPEG → greyscale at 1/1, 1/2, 1/4 or 1/8 of its size, for reading QR codes. Only the
 * first component (the luma Y of a YCbCr photo; grey in a greyscale one) is kept: the colour
 * components are decoded only as far as the bit stream needs to get past them, and their
 * progressive scans are skipped unread. A sequential (baseline) image turns each luma block
 * into pixels the moment it is decoded, so nothing but the shrunk result is held; a
 * progressive one needs the luma coefficients until its last scan (two bytes a pixel).
 * Each 8×8 block's inverse DCT is averaged into (8/scale)² output pixels: a box filter of
 * the image as it would show. Huffman-coded sequential and progressive 8-bit
 * JPEGs are read (SOF0-2: what cameras, phones and WeChat write); arithmetic coding,
 * lossless and 12-bit frames throw, as does any data that ends or breaks mid-scan: the
 * caller reports "unreadable".
 */

const ZIGZAG = new Int32Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29,
  22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
])

/** AAN's scale factors (libjpeg's jidctflt.c): folded into the quantisation table once per table */
const AAN = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379]

/** A quantisation table (natural order) times AAN's factors, for `idct8x8` */
function aanTable(q: Int32Array): Float64Array {
  const t = new Float64Array(64)
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) t[r * 8 + c] = q[r * 8 + c]! * AAN[r]! * AAN[c]!
  return t
}

/**
 * The inverse DCT of one block into `out` (8×8, level-shifted, not clamped): the floating-
 * point AAN algorithm of libjpeg's jidctflt.c, columns then rows, a column or row with no
 * AC terms taking the short way. `djpeg -dct float` gives the same pixels.
 */
function idct8x8(coef: Int16Array, q: Float64Array, ws: Float64Array, out: Float64Array): void {
  for (let c = 0; c < 8; c++) {
    if (coef[8 + c] === 0 && coef[16 + c] === 0 && coef[24 + c] === 0 && coef[32 + c] === 0 && coef[40 + c] === 0 && coef[48 + c] === 0 && coef[56 + c] === 0) {
      const dc = coef[c]! * q[c]!
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc
      continue
    }
    // even part
    let t0 = coef[c]! * q[c]!
    let t1 = coef[16 + c]! * q[16 + c]!
    let t2 = coef[32 + c]! * q[32 + c]!
    let t3 = coef[48 + c]! * q[48 + c]!
    let t10 = t0 + t2
    let t11 = t0 - t2
    const t13 = t1 + t3
    let t12 = (t1 - t3) * 1.414213562 - t13
    t0 = t10 + t13
    t3 = t10 - t13
    t1 = t11 + t12
    t2 = t11 - t12
    // odd part
    let t4 = coef[8 + c]! * q[8 + c]!
    let t5 = coef[24 + c]! * q[24 + c]!
    let t6 = coef[40 + c]! * q[40 + c]!
    let t7 = coef[56 + c]! * q[56 + c]!
    const z13 = t6 + t5
    const z10 = t6 - t5
    const z11 = t4 + t7
    const z12 = t4 - t7
    t7 = z11 + z13
    t11 = (z11 - z13) * 1.414213562
    const z5 = (z10 + z12) * 1.847759065
    t10 = z5 - z12 * 1.082392200
    t12 = z5 - z10 * 2.613125930
    t6 = t12 - t7
    t5 = t11 - t6
    t4 = t10 - t5
    ws[c] = t0 + t7
    ws[56 + c] = t0 - t7
    ws[8 + c] = t1 + t6
    ws[48 + c] = t1 - t6
    ws[16 + c] = t2 + t5
    ws[40 + c] = t2 - t5
    ws[24 + c] = t3 + t4
    ws[32 + c] = t3 - t4
  }
  for (let r = 0; r < 64; r += 8) {
    // even part
    let t10 = ws[r]! + ws[r + 4]!
    let t11 = ws[r]! - ws[r + 4]!
    const t13 = ws[r + 2]! + ws[r + 6]!
    let t12 = (ws[r + 2]! - ws[r + 6]!) * 1.414213562 - t13
    const t0 = t10 + t13
    const t3 = t10 - t13
    const t1 = t11 + t12
    const t2 = t11 - t12
    // odd part
    const z13 = ws[r + 5]! + ws[r + 3]!
    const z10 = ws[r + 5]! - ws[r + 3]!
    const z11 = ws[r + 1]! + ws[r + 7]!
    const z12 = ws[r + 1]! - ws[r + 7]!
    const t7 = z11 + z13
    t11 = (z11 - z13) * 1.414213562
    const z5 = (z10 + z12) * 1.847759065
    t10 = z5 - z12 * 1.082392200
    t12 = z5 - z10 * 2.613125930
    const t6 = t12 - t7
    const t5 = t11 - t6
    const t4 = t10 - t5
    // the 1/8 the factors leave out, and the level shift
    out[r] = (t0 + t7) / 8 + 128
    out[r + 7] = (t0 - t7) / 8 + 128
    out[r + 1] = (t1 + t6) / 8 + 128
    out[r + 6] = (t1 - t6) / 8 + 128
    out[r + 2] = (t2 + t5) / 8 + 128
    out[r + 5] = (t2 - t5) / 8 + 128
    out[r + 3] = (t3 + t4) / 8 + 128
    out[r + 4] = (t3 - t4) / 8 + 128
  }
}

const LOOKUP_BITS = 9

interface Huffman {
  /** the next LOOKUP_BITS bits → (length << 8) | value, 0 for a longer code */
  lookup: Int32Array
  maxCode: Int32Array
  valPtr: Int32Array
  minCode: Int32Array
  values: Uint8Array
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const lookup = new Int32Array(1 << LOOKUP_BITS)
  const maxCode = new Int32Array(18).fill(-1)
  const valPtr = new Int32Array(17)
  const minCode = new Int32Array(17)
  let code = 0
  let k = 0
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1]!
    valPtr[len] = k
    minCode[len] = code
    for (let i = 0; i < n; i++, k++, code++) {
      if (k >= values.length) throw new Error('Huffman table longer than its values')
      if (len <= LOOKUP_BITS) {
        const shift = LOOKUP_BITS - len
        for (let fill = 0; fill < 1 << shift; fill++) lookup[(code << shift) | fill] = (len << 8) | values[k]!
      }
    }
    maxCode[len] = n > 0 ? code - 1 : -1
    code <<= 1
  }
  maxCode[17] = 0x7fffffff
  return { lookup, maxCode, valPtr, minCode, values }
}

interface Component {
  id: number
  h: number
  v: number
  tq: number
  /** blocks that cover the component (a non-interleaved scan visits these) */
  blocksPerLine: number
  blocksPerColumn: number
  /** blocks in whole MCUs (an interleaved scan visits these; the extra ones are padding) */
  blocksPerLineMcu: number
  blocksPerColumnMcu: number
  pred: number
  dc?: Huffman
  ac?: Huffman
}

interface Frame {
  progressive: boolean
  width: number
  height: number
  mcusPerLine: number
  mcusPerColumn: number
  components: Component[]
}

/** Entropy-coded bits: byte stuffing undone, stopping at a marker (zeros past it), failing past the end. */
class BitReader {
  private buf = 0
  private count = 0
  /** zero bits fed in past a marker or the end, still in `buf` */
  private padding = 0
  private atMarker = false
  constructor(
    private readonly d: Uint8Array,
    public pos: number,
  ) {}

  private fill(): void {
    while (this.count <= 22) {
      let byte = 0
      if (this.atMarker || this.pos >= this.d.length) {
        this.padding += 8
      } else {
        byte = this.d[this.pos]!
        if (byte === 0xff) {
          const next = this.pos + 1 < this.d.length ? this.d[this.pos + 1]! : 0xd9
          if (next === 0) this.pos += 2
          else {
            this.atMarker = true
            byte = 0
            this.padding += 8
          }
        } else this.pos++
      }
      this.buf = ((this.buf << 8) | byte) & 0x3fffffff
      this.count += 8
    }
  }

  private take(n: number): void {
    this.count -= n
    if (this.count < this.padding) {
      // the code needed bits that are not there: at a marker the segment was cut short
      // (tolerated, as decoders do: the rest reads as zeros); at the end, the file was cut
      if (!this.atMarker) throw new Error('JPEG data ends mid-scan')
      this.padding = this.count
    }
    this.buf &= (1 << this.count) - 1
  }

  bits(n: number): number {
    if (n === 0) return 0
    if (this.count < n) this.fill()
    const v = (this.buf >>> (this.count - n)) & ((1 << n) - 1)
    this.take(n)
    return v
  }

  bit(): number {
    return this.bits(1)
  }

  decode(h: Huffman): number {
    if (this.count < 16) this.fill()
    const peek = (this.buf >>> (this.count - LOOKUP_BITS)) & ((1 << LOOKUP_BITS) - 1)
    const e = h.lookup[peek]!
    if (e !== 0) {
      this.take(e >> 8)
      return e & 0xff
    }
    for (let len = LOOKUP_BITS + 1; len <= 16; len++) {
      const code = (this.buf >>> (this.count - len)) & ((1 << len) - 1)
      if (code <= h.maxCode[len]!) {
        this.take(len)
        return h.values[h.valPtr[len]! + code - h.minCode[len]!]!
      }
    }
    throw new Error('bad Huffman code')
  }

  /** a magnitude category's extra bits as a signed value */
  extend(s: number): number {
    if (s === 0) return 0
    if (s > 16) throw new Error('bad coefficient size')
    const v = this.bits(s)
    return v < 1 << (s - 1) ? v - (1 << s) + 1 : v
  }

  /** ends a segment: byte-aligns and returns the position of the marker that follows */
  reset(): number {
    this.buf = 0
    this.count = 0
    this.padding = 0
    this.atMarker = false
    return this.pos
  }
}

/** The next marker at or after `at` (skipping entropy data, stuffed bytes and restart markers when asked). */
function nextMarker(d: Uint8Array, at: number, skipRestarts: boolean): number {
  for (let i = at; i + 1 < d.length; i++) {
    if (d[i] !== 0xff) continue
    const m = d[i + 1]!
    if (m === 0 || m === 0xff) continue
    if (skipRestarts && m >= 0xd0 && m <= 0xd7) continue
    return i
  }
  return d.length
}

export interface JpegLumaOptions {
  /** the longer side of the result is at most this, when 1/8 allows it (else it is 1/8) */
  maxSide: number
  /** a frame that declares more pixels throws (the header was checked; the decoder has the last word) */
  maxPixels: number
}

export function decodeJpegLuma(d: Uint8Array, opts: JpegLumaOptions): Luma {
  if (d.length < 4 || d[0] !== 0xff || d[1] !== 0xd8) throw new Error('not a JPEG')
  const quant: (Int32Array | undefined)[] = []
  const dcTables: (Huffman | undefined)[] = []
  const acTables: (Huffman | undefined)[] = []
  let frame: Frame | undefined
  let restartInterval = 0
  let out: ReturnType<typeof createOutput> | undefined
  /** progressive: the luma coefficients until the last scan */
  let coefficients: Int16Array | undefined
  let at = 2
  for (;;) {
    at = nextMarker(d, at, false)
    if (at + 1 >= d.length) break // no EOI: what the scans gave is the image
    const marker = d[at + 1]!
    at += 2
    if (marker === 0xd9) break // EOI
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue
    if (at + 2 > d.length) throw new Error('JPEG ends in a marker')
    const length = (d[at]! << 8) | d[at + 1]!
    if (length < 2 || at + length > d.length) throw new Error('JPEG segment runs past the end')
    const seg = d.subarray(at + 2, at + length)
    at += length
    switch (marker) {
      case 0xdb: // DQT
        for (let i = 0; i < seg.length; ) {
          const precision = seg[i]! >> 4
          const id = seg[i]! & 15
          i++
          const table = new Int32Array(64)
          for (let k = 0; k < 64; k++) {
            if (i + (precision ? 1 : 0) >= seg.length) throw new Error('short quantisation table')
            table[ZIGZAG[k]!] = precision ? (seg[i]! << 8) | seg[i + 1]! : seg[i]!
            i += precision ? 2 : 1
          }
          quant[id] = table
        }
        break
      case 0xc4: // DHT
        for (let i = 0; i < seg.length; ) {
          const cls = seg[i]! >> 4
          const id = seg[i]! & 15
          const counts = seg.subarray(i + 1, i + 17)
          if (counts.length < 16) throw new Error('short Huffman table')
          let n = 0
          for (const c of counts) n += c
          const values = seg.subarray(i + 17, i + 17 + n)
          if (values.length < n) throw new Error('short Huffman table')
          ;(cls === 0 ? dcTables : acTables)[id] = buildHuffman(counts, values)
          i += 17 + n
        }
        break
      case 0xdd: // DRI
        restartInterval = (seg[0]! << 8) | seg[1]!
        break
      case 0xc0:
      case 0xc1:
      case 0xc2: {
        if (frame) throw new Error('a second frame')
        if (seg[0] !== 8) throw new Error(`${seg[0]}-bit JPEG`)
        const height = (seg[1]! << 8) | seg[2]!
        const width = (seg[3]! << 8) | seg[4]!
        const n = seg[5]!
        if (width < 1 || height < 1 || n < 1 || seg.length < 6 + n * 3) throw new Error('bad frame header')
        if (width * height > opts.maxPixels) throw new Error('frame over the pixel budget')
        const raw = Array.from({ length: n }, (_, c) => ({ id: seg[6 + c * 3]!, h: seg[7 + c * 3]! >> 4, v: seg[7 + c * 3]! & 15, tq: seg[8 + c * 3]! }))
        if (raw.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4)) throw new Error('bad sampling factors')
        const hMax = Math.max(...raw.map((c) => c.h))
        const vMax = Math.max(...raw.map((c) => c.v))
        const mcusPerLine = Math.ceil(width / (8 * hMax))
        const mcusPerColumn = Math.ceil(height / (8 * vMax))
        frame = {
          progressive: marker === 0xc2,
          width,
          height,
          mcusPerLine,
          mcusPerColumn,
          components: raw.map((c) => ({
            ...c,
            blocksPerLine: Math.ceil((Math.ceil(width / 8) * c.h) / hMax),
            blocksPerColumn: Math.ceil((Math.ceil(height / 8) * c.v) / vMax),
            blocksPerLineMcu: mcusPerLine * c.h,
            blocksPerColumnMcu: mcusPerColumn * c.v,
            pred: 0,
          })),
        }
        const y = frame.components[0]!
        out = createOutput(y, Math.ceil((width * y.h) / hMax), Math.ceil((height * y.v) / vMax), opts.maxSide)
        if (frame.progressive) coefficients = new Int16Array(y.blocksPerLineMcu * y.blocksPerColumnMcu * 64)
        break
      }
      case 0xc3:
      case 0xc5:
      case 0xc6:
      case 0xc7:
      case 0xc9:
      case 0xca:
      case 0xcb:
      case 0xcd:
      case 0xce:
      case 0xcf:
        throw new Error('lossless, hierarchical or arithmetic-coded JPEG')
      case 0xda: {
        // SOS
        if (!frame || !out) throw new Error('scan before frame')
        const n = seg[0]!
        if (n < 1 || seg.length < 1 + n * 2 + 3) throw new Error('bad scan header')
        const inScan: Component[] = []
        for (let i = 0; i < n; i++) {
          const c = frame.components.find((x) => x.id === seg[1 + i * 2])
          if (!c) throw new Error('scan of an unknown component')
          const tables = seg[2 + i * 2]!
          c.dc = dcTables[tables >> 4]
          c.ac = acTables[tables & 15]
          inScan.push(c)
        }
        const ss = seg[1 + n * 2]!
        const se = seg[2 + n * 2]!
        const ah = seg[3 + n * 2]! >> 4
        const al = seg[3 + n * 2]! & 15
        const luma = frame.components[0]!
        // the colour components' own scans are skipped unread (an interleaved scan holds luma too)
        if (!inScan.includes(luma)) {
          at = nextMarker(d, at, true)
          break
        }
        at = decodeScan(d, at, frame, inScan, restartInterval, { ss, se, ah, al }, (c, row, col, block) => {
          if (c !== luma) return undefined
          if (coefficients) return coefficients.subarray((row * luma.blocksPerLineMcu + col) * 64, (row * luma.blocksPerLineMcu + col + 1) * 64)
          // sequential: the block becomes pixels as soon as it is whole
          if (block) out!.block(row, col, block, quant[luma.tq])
          return undefined
        })
        break
      }
      default:
        break // APPn, COM, DNL …: nothing a luma needs
    }
  }
  if (!frame || !out) throw new Error('no frame')
  if (coefficients) {
    const y = frame.components[0]!
    const q = quant[y.tq]
    for (let row = 0; row < y.blocksPerColumn; row++) {
      for (let col = 0; col < y.blocksPerLine; col++) out.block(row, col, coefficients.subarray((row * y.blocksPerLineMcu + col) * 64, (row * y.blocksPerLineMcu + col + 1) * 64), q)
    }
  }
  if (!out.wrote()) throw new Error('no luma data')
  return out.image()
}

interface ScanParams {
  ss: number
  se: number
  ah: number
  al: number
}

/**
 * Where a decoded block goes. Called twice per block: before (`block` undefined) for the
 * coefficients to refine (progressive luma) or undefined (a scratch block), after (with the
 * block) so a sequential luma block can be output.
 */
type BlockTarget = (c: Component, row: number, col: number, block?: Int16Array) => Int16Array | undefined

/** One scan; returns where the next marker is. */
function decodeScan(d: Uint8Array, start: number, frame: Frame, comps: Component[], restartInterval: number, p: ScanParams, target: BlockTarget): number {
  const bits = new BitReader(d, start)
  const scratch = new Int16Array(64)
  const single = comps.length === 1
  const total = single ? comps[0]!.blocksPerLine * comps[0]!.blocksPerColumn : frame.mcusPerLine * frame.mcusPerColumn
  let eobrun = 0
  let acState = 0
  let acNext = 0

  const decodeBlock = (c: Component, row: number, col: number) => {
    const kept = target(c, row, col)
    const block = kept ?? scratch
    if (!kept) scratch.fill(0)
    if (!frame.progressive) {
      if (!c.dc || !c.ac) throw new Error('missing Huffman table')
      const t = bits.decode(c.dc)
      c.pred += bits.extend(t)
      block[0] = c.pred
      for (let k = 1; k < 64; ) {
        const rs = bits.decode(c.ac)
        const s = rs & 15
        const r = rs >> 4
        if (s === 0) {
          if (r < 15) break
          k += 16
          continue
        }
        k += r
        if (k > 63) throw new Error('coefficient past the block')
        block[ZIGZAG[k]!] = bits.extend(s)
        k++
      }
    } else if (p.ss === 0) {
      // DC scans: first, then one more bit at a time
      if (p.ah === 0) {
        if (!c.dc) throw new Error('missing Huffman table')
        const t = bits.decode(c.dc)
        c.pred += bits.extend(t) * (1 << p.al)
        block[0] = c.pred
      } else if (bits.bit()) block[0] = block[0]! | (1 << p.al)
    } else if (p.ah === 0) {
      // AC first
      if (eobrun > 0) eobrun--
      else {
        if (!c.ac) throw new Error('missing Huffman table')
        for (let k = p.ss; k <= p.se; ) {
          const rs = bits.decode(c.ac)
          const s = rs & 15
          const r = rs >> 4
          if (s === 0) {
            if (r < 15) {
              eobrun = bits.bits(r) + (1 << r) - 1
              break
            }
            k += 16
            continue
          }
          k += r
          if (k > 63) throw new Error('coefficient past the block')
          block[ZIGZAG[k]!] = bits.extend(s) * (1 << p.al)
          k++
        }
      }
    } else {
      // AC refinement
      if (!c.ac) throw new Error('missing Huffman table')
      let r = 0
      for (let k = p.ss; k <= p.se; ) {
        const z = ZIGZAG[k]!
        const coef = block[z]!
        const sign = coef < 0 ? -1 : 1
        switch (acState) {
          case 0: {
            const rs = bits.decode(c.ac)
            const s = rs & 15
            r = rs >> 4
            if (s === 0) {
              if (r < 15) {
                eobrun = bits.bits(r) + (1 << r)
                acState = 4
              } else {
                r = 16
                acState = 1
              }
            } else {
              if (s !== 1) throw new Error('bad refinement code')
              acNext = bits.extend(s)
              acState = r ? 2 : 3
            }
            continue
          }
          case 1:
          case 2:
            if (coef) block[z] = coef + sign * (bits.bit() << p.al)
            else if (--r === 0) acState = acState === 2 ? 3 : 0
            break
          case 3:
            if (coef) block[z] = coef + sign * (bits.bit() << p.al)
            else {
              block[z] = acNext << p.al
              acState = 0
            }
            break
          case 4:
            if (coef) block[z] = coef + sign * (bits.bit() << p.al)
            break
        }
        k++
      }
      if (acState === 4 && --eobrun === 0) acState = 0
    }
    target(c, row, col, block)
  }

  let mcu = 0
  while (mcu < total) {
    for (const c of comps) c.pred = 0
    eobrun = 0
    acState = 0
    const end = restartInterval ? Math.min(total, mcu + restartInterval) : total
    for (; mcu < end; mcu++) {
      if (single) {
        const c = comps[0]!
        decodeBlock(c, Math.floor(mcu / c.blocksPerLine), mcu % c.blocksPerLine)
      } else {
        const mcuRow = Math.floor(mcu / frame.mcusPerLine)
        const mcuCol = mcu % frame.mcusPerLine
        for (const c of comps) {
          for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) decodeBlock(c, mcuRow * c.v + v, mcuCol * c.h + h)
        }
      }
    }
    const pos = bits.reset()
    if (mcu >= total) return pos
    // a restart marker must come next (fill bytes may come first)
    const marker = nextMarker(d, pos, false)
    const m = marker + 1 < d.length ? d[marker + 1]! : -1
    if (m < 0xd0 || m > 0xd7) return marker // the scan ends early: its remaining blocks stay zero
    bits.pos = marker + 2
  }
  return bits.reset()
}

/** The shrunk luma plane: each block's pixels averaged into (8 / scale)² outputs. */
function createOutput(y: Component, width: number, height: number, maxSide: number) {
  let scale = 1
  while (scale < 8 && Math.ceil(Math.max(width, height) / scale) > maxSide) scale *= 2
  const per = 8 / scale
  const stride = y.blocksPerLine * per
  const plane = new Uint8Array(stride * y.blocksPerColumn * per)
  const outW = Math.ceil(width / scale)
  const outH = Math.ceil(height / scale)
  const ws = new Float64Array(64)
  const px = new Float64Array(64)
  const tables = new Map<Int32Array, Float64Array>()
  let blocks = 0
  return {
    block(row: number, col: number, coef: Int16Array, quant: Int32Array | undefined): void {
      if (!quant) throw new Error('missing quantisation table')
      if (row >= y.blocksPerColumn || col >= y.blocksPerLine) return // MCU padding
      blocks++
      const base = row * per * stride + col * per
      let q = tables.get(quant)
      if (!q) tables.set(quant, (q = aanTable(quant)))
      idct8x8(coef, q, ws, px)
      if (scale === 1) {
        for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) plane[base + r * stride + c] = clamp(px[r * 8 + c]!)
        return
      }
      // the mean of the pixels as they would show (each clamped first): a box filter of the decoded image
      const area = scale * scale
      for (let oy = 0; oy < per; oy++) {
        for (let ox = 0; ox < per; ox++) {
          let s = 0
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const v = px[(oy * scale + dy) * 8 + ox * scale + dx]!
              s += v <= 0 ? 0 : v >= 255 ? 255 : v
            }
          }
          plane[base + oy * stride + ox] = Math.round(s / area)
        }
      }
    },
    wrote: () => blocks > 0,
    image(): Luma {
      const data = new Uint8Array(outW * outH)
      for (let r = 0; r < outH; r++) data.set(plane.subarray(r * stride, r * stride + outW), r * outW)
      return { data, width: outW, height: outH }
    },
  }
}

const clamp = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v))
