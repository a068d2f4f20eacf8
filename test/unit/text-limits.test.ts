import { capText, firstItems, paginate, safeCut, splitLines } from '../../src/texts/text-limits'
import { mentionBatches } from '../../src/core/rules'
import { nameList, pageWords, truncatedMarker } from '../../src/texts'
import { replyPages } from '../../src/core/reply-pages'

const words = { label: (p: number, n: number) => `(${p}/${n})`, omitted: (lines: number) => `+${lines}` }
const lines = (n: number, width: number) => Array.from({ length: n }, (_, i) => `${i}`.padEnd(width, 'x')).join('\n')
/** a lone high or low surrogate: what cutting an emoji in half leaves behind */
const brokenPair = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)

describe('splitLines', () => {
  it.each<[string, string, number, string[]]>([
    ['exactly max', 'abcd\nefgh', 9, ['abcd\nefgh']],
    ['one over max', 'abcd\nefgh', 8, ['abcd', 'efgh']],
    ['a line longer than max', 'ab\n0123456789\ncd', 4, ['ab', '0123', '4567', '89', 'cd']],
    ['CJK counts one per character', '北京上海广州\n深圳', 6, ['北京上海广州', '深圳']],
    ['an emoji is never cut in half', '12😀45', 3, ['12', '😀4', '5']],
    ['emoji at the very end of a piece', 'ab😀😀', 4, ['ab😀', '😀']],
  ])('%s', (_name, text, max, expected) => {
    expect(splitLines(text, max)).toEqual(expected)
  })
})

describe('safeCut', () => {
  it.each<[string, number, number]>([
    ['a😀b', 2, 1], // between the halves: step back
    ['a😀b', 3, 3],
    ['abc', 0, 0],
    ['abc', 9, 3],
  ])('safeCut(%j, %d) = %d', (text, at, expected) => expect(safeCut(text, at)).toBe(expected))
})

describe('paginate', () => {
  it.each<[string, string, number, number, string[]]>([
    ['fits: one page, no label', 'a\nb', 20, 5, ['a\nb']],
    ['exactly the limit: one page', 'x'.repeat(20), 20, 5, ['x'.repeat(20)]],
    ['empty: nothing', '', 20, 5, []],
    ['one over: two labelled pages', `${'a'.repeat(10)}\n${'b'.repeat(10)}`, 20, 5, [`(1/2)\n${'a'.repeat(10)}`, `(2/2)\n${'b'.repeat(10)}`]],
  ])('%s', (_name, text, max, pages, expected) => {
    expect(paginate(text, { maxLength: max, maxPages: pages }, words)).toEqual(expected)
  })

  it.each([
    [lines(30, 9), 50, 10],
    [lines(200, 30), 200, 50],
    [lines(5, 500), 120, 30], // every line longer than a page
    ['😀'.repeat(500), 41, 50], // one line of emoji, odd limit
    [Array.from({ length: 300 }, (_, i) => `群名${i}😀北京`).join('\n'), 100, 40],
  ])('every page fits, is numbered in order and nothing is lost or cut in half (%#)', (text, max, maxPages) => {
    const pages = paginate(text, { maxLength: max, maxPages }, words)
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.length).toBeLessThanOrEqual(maxPages)
    pages.forEach((p, i) => {
      expect(p.length).toBeLessThanOrEqual(max)
      expect(p.startsWith(`(${i + 1}/${pages.length})\n`)).toBe(true)
      expect(brokenPair(p)).toBe(false)
    })
    const body = pages.map((p) => p.slice(p.indexOf('\n') + 1)).join('\n')
    expect(body.replace(/\n/g, '')).toBe(text.replace(/\n/g, ''))
  })

  it('beyond maxPages: the last page says how many lines were left out, and the count is right', () => {
    const text = lines(10_000, 20)
    const pages = paginate(text, { maxLength: 2000, maxPages: 5 }, words)
    expect(pages).toHaveLength(5)
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(2000)
    const last = pages[4]!
    const omitted = Number(/\+(\d+)$/.exec(last)?.[1])
    const shown = pages.flatMap((p) => p.split('\n').slice(1)).filter((l) => !l.startsWith('+'))
    expect(shown.length + omitted).toBe(10_000)
    expect(shown[shown.length - 1]).toBe(`${shown.length - 1}`.padEnd(20, 'x'))
  })

  it('one endless line beyond maxPages: cut, never broken, counted', () => {
    const pages = paginate('😀'.repeat(100_000), { maxLength: 2000, maxPages: 3 }, pageWords)
    expect(pages).toHaveLength(3)
    for (const p of pages) {
      expect(p.length).toBeLessThanOrEqual(2000)
      expect(brokenPair(p)).toBe(false)
    }
    expect(pages[2]).toMatch(/…以及另外 [\d,]+ 行未显示$/)
  })

  it('HQ replies use outbound.maxTextLength and maxReplyPages, labelled 「(1/3)」', () => {
    const pages = replyPages(lines(150, 30), { maxTextLength: 2000, maxReplyPages: 5 })
    expect(pages.map((p) => p.split('\n')[0])).toEqual(['(1/3)', '(2/3)', '(3/3)'])
  })
})

describe('capText', () => {
  it.each<[string, string, number, string]>([
    ['fits: unchanged', 'abc', 3, 'abc'],
    ['cut with the marker, within max', 'abcdefghij', 9, 'abc…(已截断)'],
    ['never inside an emoji', 'a😀😀😀😀😀', 10, 'a😀…(已截断)'],
  ])('%s', (_name, text, max, expected) => {
    const out = capText(text, max, truncatedMarker)
    expect(out).toBe(expected)
    expect(out.length).toBeLessThanOrEqual(max)
  })
})

describe('long name lists', () => {
  it('firstItems: bounded by count and characters; long names shortened', () => {
    expect(firstItems(['a', 'b', 'c'], { maxItems: 2, maxChars: 100 })).toEqual({ shown: ['a', 'b'], omitted: 1 })
    expect(firstItems(['aaaa', 'bbbb', 'cc'], { maxItems: 9, maxChars: 9 })).toEqual({ shown: ['aaaa', 'bbbb'], omitted: 1 })
    expect(firstItems(['x'.repeat(50)], { maxItems: 9, maxChars: 100, maxNameLength: 10 }).shown).toEqual([`${'x'.repeat(9)}…`])
  })

  it('nameList: 10,000 names → the first 20 and the count of the rest', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `不存在的群${i}`)
    const text = nameList(names)
    expect(text).toMatch(/^不存在的群0、不存在的群1、.*不存在的群19 …以及另外 9,980 个$/)
    expect(text.length).toBeLessThan(450)
    expect(nameList(['甲', '乙'])).toBe('甲、乙')
  })
})

describe('mentionBatches', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`)

  it.each<[number, number, number[]]>([
    [500, 20, Array(25).fill(20)],
    [41, 20, [20, 20, 1]],
    [20, 20, [20]],
    [1, 20, [1]],
    [0, 20, []],
  ])('%d joins, %d per welcome', (n, max, sizes) => {
    const batches = mentionBatches(ids(n), (id) => id, { maxMentions: max, maxLength: 2000, textLength: 60 })
    expect(batches.map((b) => b.length)).toEqual(sizes)
    expect(batches.flat()).toEqual(ids(n)) // everyone once, in order
  })

  it('long names: fewer per welcome, so "@name " + text stays within the limit', () => {
    const name = () => '长'.repeat(98) // "@" + 98 + "\u2005" = 100 characters per mention
    const batches = mentionBatches(ids(50), name, { maxMentions: 20, maxLength: 1000, textLength: 200 })
    expect(batches.map((b) => b.length)).toEqual([8, 8, 8, 8, 8, 8, 2])
    for (const b of batches) expect(200 + b.length * 100).toBeLessThanOrEqual(1000)
  })
})
