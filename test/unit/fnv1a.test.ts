import { fnv1a } from '../../src/core/fnv1a'
import { bucketOf, BUCKETS } from '../../src/store/activity-codec'

describe('fnv1a', () => {
  // the published FNV-1a 32-bit test vectors (ASCII, so UTF-16 units are the bytes)
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j hashes to the published value', (text, hash) => {
    expect(fnv1a(text)).toBe(hash)
  })

  it('keeps activity buckets where data already stored in Redis expects them', () => {
    expect(BUCKETS).toBe(8)
    expect(['wxid_u1', 'foobar'].map(bucketOf)).toEqual([2, 0])
  })
})
