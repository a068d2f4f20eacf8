import { hubShare, linkDensity, linkedPairs, partnerCounts, type Link } from '../../src/core/analytics'

const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${String(i).padStart(3, '0')}`)
const star = (members: string[]): Link[] => members.slice(1).map((b) => ({ a: members[0] ?? '', b }))
const mesh = (members: string[]): Link[] =>
  members.flatMap((a, i) => members.slice(i + 1).map((b) => ({ a, b })))

describe('linkDensity', () => {
  it.each([2, 3, 5, 10, 100])('a star of %i members (N−1 links) has density 2/N and one hub', (n) => {
    const members = ids(n)
    expect(linkDensity(members, star(members))).toBeCloseTo(2 / n, 12)
    expect(hubShare(members, star(members))).toEqual({ memberId: 'm000', partners: n - 1, share: 1 })
  })

  it.each([2, 3, 5, 10, 40])('a full mesh of %i members has density 1 and hub share 2/N', (n) => {
    const members = ids(n)
    expect(linkDensity(members, mesh(members))).toBe(1)
    expect(hubShare(members, mesh(members)).share).toBeCloseTo(2 / n, 12)
  })

  it.each<[string, string[], Link[], number]>([
    ['no members', [], [{ a: 'a', b: 'b' }], 0],
    ['one member', ['a'], [{ a: 'a', b: 'a' }], 0],
    ['no links', ['a', 'b', 'c'], [], 0],
    ['the same pair twice, both ways round', ['a', 'b', 'c'], [{ a: 'a', b: 'b' }, { a: 'b', b: 'a' }, { a: 'a', b: 'b' }], 1 / 3],
    ['self-links', ['a', 'b', 'c'], [{ a: 'a', b: 'a' }, { a: 'b', b: 'b' }, { a: 'a', b: 'c' }], 1 / 3],
    ['links to departed members', ['a', 'b', 'c'], [{ a: 'a', b: 'gone' }, { a: 'gone', b: 'left' }, { a: 'b', b: 'c' }], 1 / 3],
    ['duplicate member ids count once', ['a', 'b', 'a'], [{ a: 'a', b: 'b' }], 1],
    ['two of three pairs', ['a', 'b', 'c'], [{ a: 'a', b: 'b' }, { a: 'c', b: 'b' }], 2 / 3],
  ])('%s', (_name, members, links, expected) => {
    expect(linkDensity(members, links)).toBeCloseTo(expected, 12)
  })

  it('keeps ids with any characters apart', () => {
    const members = ['a|b', 'c', 'a', 'b|c']
    const links = [
      { a: 'a|b', b: 'c' },
      { a: 'a', b: 'b|c' },
    ]
    expect(linkedPairs(members, links)).toHaveLength(2)
  })
})

describe('hubShare and partnerCounts', () => {
  it('gives no hub without links', () => {
    expect(hubShare(['a', 'b'], [])).toEqual({ memberId: undefined, partners: 0, share: 0 })
  })

  it('breaks ties by the smaller id, whatever the link order', () => {
    const links = [
      { a: 'z', b: 'x' },
      { a: 'z', b: 'y' },
      { a: 'b', b: 'x' },
      { a: 'b', b: 'y' },
    ]
    const members = ['b', 'x', 'y', 'z']
    expect(hubShare(members, links)).toEqual({ memberId: 'b', partners: 2, share: 0.5 })
    expect(hubShare(members, [...links].reverse()).memberId).toBe('b')
  })

  it('counts distinct current partners', () => {
    const counts = partnerCounts(
      ['a', 'b', 'c'],
      [
        { a: 'a', b: 'b' },
        { a: 'b', b: 'a' },
        { a: 'a', b: 'c' },
        { a: 'a', b: 'gone' },
      ],
    )
    expect(Object.fromEntries(counts)).toEqual({ a: 2, b: 1, c: 1 })
  })
})
