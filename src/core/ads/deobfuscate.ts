/**
 * The text as a contact finder should read it: every way of writing a digit or a Latin
 * letter folded to ASCII (full-width, circled, superscript, mathematical, Arabic-Indic,
 * keycaps, spelt-out Chinese numerals), and whatever an advertiser puts between the digits
 * of a number (「138.1234.5678」, 「138😀1234😀5678」, 「138，1234，5678」) turned into one
 * space, so that one pattern for 「138 1234 5678」 finds them all.
 *
 * Linear time: a few regular-expression passes with bounded repetition over at most
 * MAX_DEOBFUSCATE_CHARS code units; nothing backtracks. Longer input is cut (an ad puts its
 * contact near the top; the same cap as CONTACT_SCAN_MAX_CHARS).
 */

export const MAX_DEOBFUSCATE_CHARS = 10_000

/** Digits written another way: [first code point, last code point] → 0–9 in order (mod 10). */
const DIGIT_RANGES: ReadonlyArray<readonly [number, number, number]> = [
  // [first, last, value of first]
  [0xff10, 0xff19, 0], // full-width ０–９
  [0x0660, 0x0669, 0], // Arabic-Indic ٠–٩
  [0x06f0, 0x06f9, 0], // Extended Arabic-Indic ۰–۹
  [0x0966, 0x096f, 0], // Devanagari
  [0x2080, 0x2089, 0], // subscript ₀–₉
  [0x2074, 0x2079, 4], // superscript ⁴–⁹
  [0x2460, 0x2468, 1], // circled ①–⑨
  [0x2474, 0x247c, 1], // parenthesized ⑴–⑼
  [0x2488, 0x2490, 1], // with a full stop ⒈–⒐
  [0x24f5, 0x24fd, 1], // double circled ⓵–⓽
  [0x2776, 0x277e, 1], // negative circled ❶–❾
  [0x2780, 0x2788, 1], // sans-serif circled ➀–➈
  [0x278a, 0x2792, 1], // negative sans-serif circled ➊–➒
  [0x1d7ce, 0x1d7ff, 0], // mathematical bold, double-struck, sans-serif, monospace 𝟎–𝟿 (five sets of ten)
  [0x1fbf0, 0x1fbf9, 0], // segmented 🯰–🯹
]
const SINGLE_DIGITS = new Map<number, string>([
  [0x2070, '0'], [0x00b9, '1'], [0x00b2, '2'], [0x00b3, '3'], // superscript ⁰¹²³
  [0x24ea, '0'], [0x24ff, '0'], [0x1f10b, '0'], [0x1f10c, '0'], // ⓪ ⓿ 🄋 🄌
  [0x3007, '〇'], // kept as a Han numeral, read below
])

/** Latin letters written another way: [first, last] → a–z (mod 26, case folded). */
const LETTER_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xff21, 0xff3a], [0xff41, 0xff5a], // full-width
  [0x24b6, 0x24cf], [0x24d0, 0x24e9], // circled Ⓐ ⓐ
  [0x249c, 0x24b5], // parenthesized ⒜
  [0x1f130, 0x1f149], [0x1f150, 0x1f169], [0x1f170, 0x1f189], // squared, negative circled, negative squared
  [0x1f1e6, 0x1f1ff], // regional indicators 🇦
]
/** Mathematical alphanumerics 𝐀–𝚣: blocks of 52 (A–Z then a–z). */
const MATH_LETTERS_FIRST = 0x1d400
const MATH_LETTERS_LAST = 0x1d6a3

/** Zero-width and joining characters, variation selectors and the keycap mark: dropped. */
function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || cp === 0x034f || cp === 0x061c || cp === 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x20e3 || (cp >= 0xe0100 && cp <= 0xe01ef) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) // skin tones
  )
}

/** One code point as ASCII when it is a digit or a Latin letter written another way. */
export function foldCodePoint(cp: number): string {
  if (cp >= 0x41 && cp <= 0x5a) return String.fromCharCode(cp + 0x20)
  if (cp < 0x80) return String.fromCharCode(cp)
  if (cp === 0x3000) return ' '
  for (const [first, last, base] of DIGIT_RANGES) {
    if (cp >= first && cp <= last) return String((cp - first + base) % 10)
  }
  const single = SINGLE_DIGITS.get(cp)
  if (single !== undefined) return single
  for (const [first, last] of LETTER_RANGES) {
    if (cp >= first && cp <= last) return String.fromCharCode(0x61 + ((cp - first) % 26))
  }
  if (cp >= MATH_LETTERS_FIRST && cp <= MATH_LETTERS_LAST) return String.fromCharCode(0x61 + ((cp - MATH_LETTERS_FIRST) % 52) % 26)
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0) // full-width punctuation
  return String.fromCodePoint(cp)
}

const HAN_DIGIT: Record<string, string> = {
  零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 拐: '7', 八: '8', 捌: '8',
  九: '9', 玖: '9', 勾: '9', 貳: '2', 參: '3', 陸: '6',
}
/** the banker's numerals: nobody writes a run of them except to spell a number */
const FORMAL = new Set(['壹', '贰', '貳', '叁', '參', '肆', '伍', '陆', '陸', '柒', '捌', '玖'])

const isAsciiDigit = (s: string | undefined): boolean => s !== undefined && s.length === 1 && s >= '0' && s <= '9'

const HAN_NUMERAL_RUN = /[零〇洞一幺壹二两贰三叁四肆五伍六陆七柒拐八捌九玖勾貳參陸]{3,}/g
/** at most MAX_FILLER characters that are not a letter, a number or a line break, between two digits */
const FILLER_BETWEEN_DIGITS = /(?<=[0-9])[^\p{L}\p{N}\n]{1,4}(?=[0-9])/gu

/** what each uncommon character folded to (most texts repeat a few: 「，」 「。」 「！」) */
const folded = new Map<string, string>()

function foldUncommon(c: string): string {
  let f = folded.get(c)
  if (f === undefined) {
    const cp = c.codePointAt(0)!
    f = isInvisible(cp) ? '' : foldCodePoint(cp)
    if (folded.size < 4096) folded.set(c, f)
  }
  return f
}

/** ASCII and common Chinese characters: everything else may need folding */
const isCommon = (c: number): boolean => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || (c >= 0x4e00 && c <= 0x9fff)

/**
 * `text.replace(/[^\t\n\r -~\u4e00-\u9fff]/gu, foldUncommon)` without the regex: runs of common characters
 * are sliced whole, each other code point folded (from memory after its first time).
 */
function foldUncommonIn(text: string): string {
  let out = ''
  let start = 0
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i)
    if (isCommon(c)) {
      i++
      continue
    }
    const cp = text.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    out += text.slice(start, i) + foldUncommon(cp > 0xffff ? text.slice(i, i + 2) : text.charAt(i))
    i += width
    start = i
  }
  return start === 0 ? text : out + text.slice(start)
}

/**
 * Runs of Chinese numerals read as digits: seven or more (a phone number spelt out:
 * 「一三八…」), four or more with a banker's numeral (「壹叁捌壹」), or three or more glued
 * to a digit (「138一二三四5678」). 「一二三」 and 「三三两两」 in a sentence stay words.
 */
function readHanNumerals(text: string): string {
  return text.replace(HAN_NUMERAL_RUN, (run, at: number) => {
    const formal = [...run].some((c) => FORMAL.has(c))
    const gluedToDigit = isAsciiDigit(text[at - 1]) || isAsciiDigit(text[at + run.length])
    if (run.length >= 7 || (formal && run.length >= 4) || gluedToDigit) return [...run].map((c) => HAN_DIGIT[c]!).join('')
    return run
  })
}

/** the last text read and what it became: the contact finders and the model read the same text in turn */
let lastRaw: string | undefined
let lastFolded = ''

/**
 * `raw` folded for contact finding: lower case ASCII letters and digits however written,
 * Chinese numeral runs as digits, filler between digits (punctuation, spaces, emoji,
 * symbols: anything that is not a letter, a number or a line break, at most four
 * characters) as one space, invisible characters removed. Other text is kept as it is.
 * Three native regular-expression passes with bounded repetition: linear in the text.
 */
export function deobfuscate(raw: string): string {
  if (raw === lastRaw) return lastFolded
  const text = raw.length > MAX_DEOBFUSCATE_CHARS ? raw.slice(0, MAX_DEOBFUSCATE_CHARS) : raw
  let out = foldUncommonIn(text.toLowerCase())
  if (/[零〇洞一幺壹二两贰三叁四肆五伍六陆七柒拐八捌九玖勾貳參陸]/.test(out)) out = readHanNumerals(out)
  lastFolded = /[0-9]/.test(out) ? out.replace(FILLER_BETWEEN_DIGITS, ' ') : out
  lastRaw = raw
  return lastFolded
}
