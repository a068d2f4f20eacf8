/**
 * The learned model's features: the character 1-, 2- and 3-grams of the text as the shipped
 * model reads it (`modelCodePoints`: folded, links out, numbers as one token), each hashed
 * into one of 2^bits slots. Hashing is what lets the deployment's vocabulary grow without a
 * cap: every n-gram an operator's examples hold has a slot, none is dropped for lack of
 * room (two n-grams share a slot about once in 2^bits / n-grams seen: with 2^20 slots and
 * the 400,000 distinct n-grams of 20,000 chat messages, a few percent of them share one,
 * each pair with a small weight).
 *
 * The n-grams made only of numbers and gaps are left out, as in the shipped model.
 */

const ZERO = 0x30
const SPACE = 0x20
const isNumberOrGap = (cp: number): boolean => cp === ZERO || cp === SPACE

function mix(h: number, c: number): number {
  h = Math.imul(h ^ c, 0x9e3779b1)
  return h ^ (h >>> 15)
}
/** int32: the slot is its low bits (`& mask` gives the same slot as the unsigned value) */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d)
  return h ^ (h >>> 16)
}

/**
 * The 32-bit hash of each of `cps`'s n-grams (with repeats: an n-gram counts each time),
 * written into `out` from index 0 as int32; returns how many. `out` must hold
 * 3 × cps.length numbers. The shipped model keys its weights by these hashes too
 * (`text-model.ts`), so a message's n-grams are hashed once for both models.
 */
export function featureHashes(cps: readonly number[], out: Int32Array): number {
  let n = 0
  for (let i = 0; i < cps.length; i++) {
    const a = cps[i]!
    const na = isNumberOrGap(a)
    if (!na) out[n++] = finish(mix(0x1b873593, a))
    if (i + 1 >= cps.length) continue
    const b = cps[i + 1]!
    const hab = mix(mix(0x2545f491, a), b)
    const nab = na && isNumberOrGap(b)
    if (!nab) out[n++] = finish(hab)
    if (i + 2 >= cps.length) continue
    const c = cps[i + 2]!
    if (!(nab && isNumberOrGap(c))) out[n++] = finish(mix(hab ^ 0x6a09e667, c))
  }
  return n
}

/** The hash `featureHashes` gives the n-gram of these one to three code points. */
export function gramHash(cps: readonly number[]): number {
  if (cps.length === 1) return finish(mix(0x1b873593, cps[0]!))
  const hab = mix(mix(0x2545f491, cps[0]!), cps[1]!)
  return cps.length === 2 ? finish(hab) : finish(mix(hab ^ 0x6a09e667, cps[2]!))
}

/**
 * The slots of `cps`'s n-grams (with repeats: an n-gram counts each time) written into
 * `out` from index 0; returns how many. `out` must hold 3 × cps.length numbers.
 */
export function hashedFeatures(cps: readonly number[], bits: number, out: Int32Array): number {
  const mask = (1 << bits) - 1
  const n = featureHashes(cps, out)
  for (let i = 0; i < n; i++) out[i] = out[i]! & mask
  return n
}
