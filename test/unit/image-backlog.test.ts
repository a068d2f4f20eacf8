import { createImageBacklog, type BacklogLimits, type Waiting } from '../../src/images/image-backlog'
import { seededRng } from '../../src/core/seeded-rng'

/** The backlog's rules alone (src/images/image-backlog.ts): shares, round-robin, cheapest first, expiry. */
const PHOTO = 16_000_000
const QR = 100_000

function backlog(limits: Partial<BacklogLimits> = {}) {
  const l: BacklogLimits = { total: 100, perGroup: 20, maxWaitMs: 60_000, ...limits }
  return createImageBacklog<string>(() => l)
}

const names = (ws: Waiting<string>[]) => ws.map((w) => w.item)

/** takes everything in the order it would be checked */
function order(b: ReturnType<typeof backlog>, now = 0): string[] {
  const out: string[] = []
  for (let n = b.next(now).next; n; n = b.next(now).next) out.push(n.item)
  return out
}

describe('image backlog', () => {
  it('a group at its share: the most expensive image gives way, so a QR ad gets in past a flood of photos', () => {
    const b = backlog({ perGroup: 3 })
    for (const p of ['p1', 'p2', 'p3']) expect(names(b.add('g1', PHOTO, 0, p).gaveWay)).toEqual([])
    // a fourth photo: of equal cost, the newcomer gives way
    expect(names(b.add('g1', PHOTO, 1, 'p4').gaveWay)).toEqual(['p4'])
    // a small image: the latest photo gives way for it
    expect(names(b.add('g1', QR, 2, 'qr').gaveWay)).toEqual(['p3'])
    expect(b.sizeOf('g1')).toBe(3)
    expect(order(b)).toEqual(['qr', 'p1', 'p2'])
  })

  it('a full backlog: the group with the most waiting gives way to a quieter group', () => {
    const b = backlog({ total: 4, perGroup: 10 })
    for (const p of ['a1', 'a2', 'a3', 'a4']) b.add('g1', PHOTO, 0, p)
    expect(names(b.add('g2', PHOTO, 1, 'b1').gaveWay)).toEqual(['a4'])
    expect(names(b.add('g3', QR, 1, 'c1').gaveWay)).toEqual(['a3'])
    // g1 adding again while it is the largest share: its own costliest (the newcomer) gives way
    expect(names(b.add('g1', PHOTO, 2, 'a5').gaveWay)).toEqual(['a5'])
    expect(b.size()).toBe(4)
  })

  it('serves groups in turn, and within a group the cheapest first', () => {
    const b = backlog()
    b.add('g1', PHOTO, 0, 'g1-photo1')
    b.add('g1', PHOTO, 0, 'g1-photo2')
    b.add('g1', QR, 0, 'g1-qr')
    b.add('g2', PHOTO, 0, 'g2-photo')
    b.add('g3', QR, 0, 'g3-qr')
    expect(order(b)).toEqual(['g1-qr', 'g2-photo', 'g3-qr', 'g1-photo1', 'g1-photo2'])
  })

  it('an image that waited longer than maxWaitMs comes out as expired when the next is picked', () => {
    const b = backlog({ maxWaitMs: 1000 })
    b.add('g1', PHOTO, 0, 'old')
    b.add('g2', QR, 900, 'young')
    const { next, expired } = b.next(1500)
    expect(names(expired)).toEqual(['old'])
    expect(next?.item).toBe('young')
    expect(b.size()).toBe(0)
  })

  it('nothing is admitted with a zero share or a zero backlog', () => {
    expect(names(backlog({ total: 0 }).add('g1', QR, 0, 'x').gaveWay)).toEqual(['x'])
    expect(names(backlog({ perGroup: 0 }).add('g1', QR, 0, 'x').gaveWay)).toEqual(['x'])
  })

  it('under any mix of arrivals and picks the bounds hold and every image comes out exactly once', () => {
    const rng = seededRng(17)
    const limits = { total: 12, perGroup: 5, maxWaitMs: 50 }
    const b = backlog(limits)
    const seen = new Map<string, number>()
    const out = (ws: Waiting<string>[]) => ws.forEach((w) => seen.set(w.item, (seen.get(w.item) ?? 0) + 1))
    const added: string[] = []
    let maxSize = 0
    let maxShare = 0
    let t = 0
    for (let i = 0; i < 5000; i++) {
      t += Math.floor(rng() * 5)
      if (rng() < 0.7) {
        const room = `g${Math.floor(rng() ** 3 * 6)}`
        added.push(`i${i}`)
        out(b.add(room, rng() < 0.5 ? QR : PHOTO * rng(), t, `i${i}`).gaveWay)
      } else {
        const { next, expired } = b.next(t)
        out(expired)
        if (next) out([next])
      }
      maxSize = Math.max(maxSize, b.size())
      for (let g = 0; g < 6; g++) maxShare = Math.max(maxShare, b.sizeOf(`g${g}`))
    }
    expect(maxSize).toBe(limits.total)
    expect(maxShare).toBe(limits.perGroup)
    out(b.drain())
    expect([...seen.values()].every((n) => n === 1)).toBe(true)
    expect([...seen.keys()].sort()).toEqual(added.sort())
  })
})
