/**
 * Links written so that a link finder misses them: a scheme with its letters masked
 * (「hxxp://」, 「h**ps://」) or a dot in brackets (「example[.]top」), and bare domains under
 * top-level domains that are also words or file extensions (「example.io」).
 *
 * Input is cut to MAX_LINK_TEXT code units; every pattern has bounded repetition and no
 * nested quantifiers, so a scan is linear in the text.
 */

export const MAX_LINK_TEXT = 4000

const URL_TAIL = String.raw`[a-z0-9\-._~%/?#=&+:@!]`
/** 「hxxp://」, 「hXXps://」, 「h**p://」, 「hxxp：／／」 (full-width is folded by the caller) */
const MASKED_SCHEME = new RegExp(String.raw`(?<![a-z])h(?:xx|\*\*|tt)p(s?)\s?[:：]\s?//((?:[a-z0-9-]{1,63}(?:\[\.\]|\(\.\)|\[dot\]|\.)){1,10}[a-z]{2,10}${URL_TAIL}{0,200})`, 'gi')
/** 「example[.]top」, 「example(.)com」: a dot hidden in brackets */
const BRACKETED_DOT = /(?<![a-z0-9.@_-])([a-z0-9][a-z0-9-]{1,62})(?:\[\.\]|\(\.\)|\[dot\]|\(dot\))([a-z]{2,10})(?![a-z0-9])/gi

/**
 * Top-level domains that are also words, file extensions or project names (socket.io):
 * a bare `name.io` under one of them is evidence of a link, not proof.
 */
const AMBIGUOUS_TLDS = new Set([
  'io', 'ai', 'app', 'dev', 'so', 'la', 'ly', 'gg', 'im', 'to', 'ws', 'fm', 'tk', 'ml', 'ga', 'cf',
  'gq', 'one', 'xin', 'red', 'win', 'plus', 'pro', 'tech', 'live', 'space', 'work', 'life', 'ren',
  'kim', 'ink', 'cyou', 'buzz', 'news', 'world', 'group', 'games', 'today',
])
const BARE_AMBIGUOUS = /(?<![a-z0-9.@_/\\-])([a-z][a-z0-9-]{2,62})\.([a-z]{2,5})(?![a-z0-9.-])/gi

const cap = (text: string): string => (text.length > MAX_LINK_TEXT ? text.slice(0, MAX_LINK_TEXT) : text)
const undisguise = (host: string): string => host.replace(/\[\.\]|\(\.\)|\[dot\]|\(dot\)/gi, '.')

/** Links whose scheme or dots are masked, written back as links: 「hxxp://a[.]top/x」 → 「http://a.top/x」. */
export function findMaskedLinks(halfWidthText: string): string[] {
  const text = cap(halfWidthText)
  // a masked scheme needs `//`, a bracketed dot a `.` or `dot`
  if (!/[.]|dot|\/\//i.test(text)) return []
  const found = new Set<string>()
  for (const m of text.matchAll(MASKED_SCHEME)) found.add(`http${m[1]!.toLowerCase()}://${undisguise(m[2]!).replace(/[.,;:!?]+$/, '')}`)
  for (const m of text.matchAll(BRACKETED_DOT)) found.add(`${m[1]}.${m[2]}`.toLowerCase())
  return [...found]
}

/** Bare `name.tld` under an ambiguous TLD (「example.io」): weak evidence, see AMBIGUOUS_TLDS. */
export function findAmbiguousDomains(halfWidthText: string): string[] {
  const found = new Set<string>()
  if (!halfWidthText.includes('.')) return []
  for (const m of cap(halfWidthText).matchAll(BARE_AMBIGUOUS)) {
    if (AMBIGUOUS_TLDS.has(m[2]!.toLowerCase())) found.add(m[0].toLowerCase())
  }
  return [...found]
}

/**
 * Taobao share codes (淘口令): a product code between two currency signs,
 * 「￥Ab3dEf9GhJ2￥」, 「$XY7kL2mN9pQ$」, 「€rT5yU8iO2pA€」, copied into the Taobao app to
 * open the product. The code mixes letters and digits (8 to 14 of them, maybe with
 * brackets), so a price (「¥128」) or an amount (「￥300」) is never one.
 */
const CURRENCY = /[￥¥$€£₤¢₳₴]/
const SHARE_CODE = /([￥¥$€£₤¢₳₴])([A-Za-z0-9()/]{8,16})\1/g

export function findShareCodes(text: string): string[] {
  const found: string[] = []
  if (!CURRENCY.test(text)) return found
  for (const m of text.slice(0, 2000).matchAll(SHARE_CODE)) {
    const code = m[2]!
    if (/[A-Za-z]/.test(code) && /[0-9]/.test(code)) found.push(`淘口令 ${m[0]}`)
  }
  return found
}
