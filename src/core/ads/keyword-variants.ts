/**
 * Keywords as advertisers misspell them to slip past a list: one character swapped for one
 * that sounds or looks alike (「兼值」, 「简职」, 「饭利」, 「刷丹」) or written in pinyin
 * (「jian职」, 「jianzhi」). Only one character of a keyword is swapped at a time, and only
 * for the characters below: two swaps make ordinary words (「简直」, 「反例」, 「减值」), one
 * swap of these makes none that chat uses.
 */

/** characters of the default keywords (兼职, 返利, 刷单, 代理) and what is written in their place */
const ALIKE: Record<string, readonly string[]> = {
  兼: ['简', '监', '監', '坚', '肩', '尖', '煎', '艰', '缄', '菅', 'jian'],
  职: ['值', '织', '直', '植', '殖', '执', '芝', '耳只', 'zhi'],
  返: ['饭', '贩', '泛', '仮', 'fan'],
  利: ['例', '莉', '俐', '丽', '粒', '栗', 'li'],
  刷: ['唰', '涮', 'shua'],
  单: ['丹', '単', '箪', 'dan'],
  代: ['岱', '玳', 'dai'],
}

/** Every spelling of `keyword` that counts as it: itself, each one-character swap, and its whole pinyin. */
export function keywordVariants(keyword: string): string[] {
  const chars = Array.from(keyword)
  const out = new Set([keyword])
  chars.forEach((c, i) => {
    for (const alike of ALIKE[c] ?? []) out.add([...chars.slice(0, i), alike, ...chars.slice(i + 1)].join(''))
  })
  const pinyin = chars.map((c) => ALIKE[c]?.find((a) => /^[a-z]+$/.test(a)))
  if (chars.length > 1 && pinyin.every((p) => p !== undefined)) out.add(pinyin.join(''))
  return [...out]
}

/** The spellings of every keyword, each mapped back to the keyword it stands for (evidence names the keyword). */
export function expandKeywords(keywords: readonly string[]): { words: string[]; canonical: Map<string, string> } {
  const canonical = new Map<string, string>()
  for (const k of keywords) for (const v of keywordVariants(k)) if (!canonical.has(v)) canonical.set(v, k)
  return { words: [...canonical.keys()], canonical }
}
