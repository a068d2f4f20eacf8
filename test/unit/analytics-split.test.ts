import { splitForWeChat } from '../../src/texts'

/** A deterministic mix of short, long, blank and emoji lines. */
function sampleText(lines: number, seed = 1): string {
  let x = seed
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
  return Array.from({ length: lines }, (_, i) => {
    const len = Math.floor(rnd() * 60)
    return len < 3 ? '' : `${i}. ${'群成员😀发言'.repeat(Math.ceil(len / 6)).slice(0, len)}`
  }).join('\n')
}

describe('splitForWeChat', () => {
  it.each([
    [sampleText(200), 1800],
    [sampleText(200, 7), 300],
    [sampleText(50, 3), 80],
    [sampleText(10, 5), 10000],
  ])('keeps whole lines and stays within max (%#)', (text, max) => {
    const chunks = splitForWeChat(text, max)
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(max)
    // cut only at line breaks: joining on "\n" gives the text back
    expect(chunks.join('\n')).toBe(text)
    // greedy: no two neighbours would have fitted together
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1] ?? ''
      const first = (chunks[i] ?? '').split('\n')[0] ?? ''
      expect(prev.length + 1 + first.length).toBeGreaterThan(max)
    }
  })

  it('uses 1800 by default', () => {
    const text = Array.from({ length: 100 }, () => 'x'.repeat(99)).join('\n') // 100 lines of 100 with "\n"
    const chunks = splitForWeChat(text)
    expect(chunks.map((c) => c.length)).toEqual([1799, 1799, 1799, 1799, 1799, 999])
  })

  it.each<[string, string, number, string[]]>([
    ['empty text', '', 10, []],
    ['fits at once', 'a\nb', 10, ['a\nb']],
    ['exactly max', 'abcd\nefgh', 9, ['abcd\nefgh']],
    ['one over max', 'abcd\nefgh', 8, ['abcd', 'efgh']],
    ['a line longer than max is cut at max', 'ab\n0123456789\ncd', 4, ['ab', '0123', '4567', '89', 'cd']],
    ['never splits a surrogate pair', '12😀45', 3, ['12', '😀4', '5']],
    ['blank pieces are not sent', 'aaaa\n\n\nbbbb', 4, ['aaaa', 'bbbb']],
  ])('%s', (_name, text, max, expected) => {
    expect(splitForWeChat(text, max)).toEqual(expected)
  })
})
