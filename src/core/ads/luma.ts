/**
 * A greyscale image (one byte a pixel, rows of `width` bytes): all a QR reader needs. The
 * decoders (png-luma.ts, jpeg-luma.ts) produce it already shrunk, so a 16 MP photo never
 * exists at full size in four bytes a pixel.
 */
export interface Luma {
  data: Uint8Array
  width: number
  height: number
}

/** Box-filter shrink so the longer side is at most `maxSide` (an integer factor, the remainder dropped). */
export function shrinkLuma(img: Luma, maxSide: number): Luma {
  const factor = Math.ceil(Math.max(img.width, img.height) / maxSide)
  if (factor <= 1) return img
  const width = Math.floor(img.width / factor)
  const height = Math.floor(img.height / factor)
  const out = new Uint8Array(width * height)
  const sums = new Uint32Array(width)
  const area = factor * factor
  for (let y = 0; y < height; y++) {
    sums.fill(0)
    for (let dy = 0; dy < factor; dy++) {
      const row = (y * factor + dy) * img.width
      for (let x = 0; x < width; x++) {
        let s = 0
        for (let dx = 0, i = row + x * factor; dx < factor; dx++, i++) s += img.data[i]!
        sums[x]! += s
      }
    }
    for (let x = 0; x < width; x++) out[y * width + x] = Math.round(sums[x]! / area)
  }
  return { data: out, width, height }
}

/** RGBA with r = g = b = the luma: the form jsQR reads (its greyscale of such a pixel is the luma). */
export function lumaToRgba(img: Luma): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4)
  for (let i = 0, o = 0; i < img.width * img.height; i++, o += 4) {
    const v = img.data[i]!
    out[o] = v
    out[o + 1] = v
    out[o + 2] = v
    out[o + 3] = 255
  }
  return out
}
