import { foldText } from './keyword-matcher'

/**
 * Text clean-ups shared by the ad checks. Each undoes one trick spammers use to slip past
 * filters; none of them changes what an ordinary sentence means.
 */

/** zero-width characters and joiners, inserted to split keywords invisibly */
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]|\u034f|\u17b4|\u17b5/g

/** Full-width ASCII to half-width, Latin to lower case, invisible characters removed. */
export function cleanText(text: string): string {
  return foldText(text).replace(INVISIBLE, '')
}

/** Full-width ASCII to half-width and invisible characters removed; case kept (URL paths need it). */
export function halfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(INVISIBLE, '')
}

const CIRCLED: Record<string, string> = {
  '⓪': '0', '①': '1', '②': '2', '③': '3', '④': '4', '⑤': '5', '⑥': '6', '⑦': '7', '⑧': '8', '⑨': '9',
  '⑴': '1', '⑵': '2', '⑶': '3', '⑷': '4', '⑸': '5', '⑹': '6', '⑺': '7', '⑻': '8', '⑼': '9',
  '⒈': '1', '⒉': '2', '⒊': '3', '⒋': '4', '⒌': '5', '⒍': '6', '⒎': '7', '⒏': '8', '⒐': '9',
  '❶': '1', '❷': '2', '❸': '3', '❹': '4', '❺': '5', '❻': '6', '❼': '7', '❽': '8', '❾': '9', '⓿': '0',
  '➀': '1', '➁': '2', '➂': '3', '➃': '4', '➄': '5', '➅': '6', '➆': '7', '➇': '8', '➈': '9',
  '𝟎': '0', '𝟏': '1', '𝟐': '2', '𝟑': '3', '𝟒': '4', '𝟓': '5', '𝟔': '6', '𝟕': '7', '𝟖': '8', '𝟗': '9',
}
const CIRCLED_RE = new RegExp(`[${Object.keys(CIRCLED).join('')}]`, 'gu')

const HAN_DIGIT: Record<string, string> = {
  零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 两: '2', 贰: '2', 三: '3', 叁: '3',
  四: '4', 肆: '4', 五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 拐: '7', 八: '8', 捌: '8',
  九: '9', 玖: '9', 勾: '9',
}
/**
 * Only long runs of numeral characters are read as digits: 「一三八一二三四五六七八」 is a
 * phone number spelt out, while 「一二三」 or 「三三两两」 in a sentence are words.
 */
const HAN_DIGIT_RUN = /[零〇洞一幺壹二两贰三叁四肆五伍六陆七柒拐八捌九玖勾]{8,}/g

/**
 * Digits however they are written: circled ①, keycap 1️⃣, bold 𝟏, and spelt-out runs of
 * Chinese numerals. Used for phone and QQ numbers only.
 */
export function normalizeDigits(text: string): string {
  return text
    .replace(/([0-9])\ufe0f?\u20e3/g, '$1')
    .replace(CIRCLED_RE, (c) => CIRCLED[c] ?? c)
    .replace(HAN_DIGIT_RUN, (run) => [...run].map((c) => HAN_DIGIT[c] ?? c).join(''))
}

/** what each replacement below needs in the text */
const MAY_NAME_WECHAT = /[信芯❤♥💕加+➕]|vx|wx|weixin/u

/**
 * Homophones and abbreviations of 微信 spelt back, so a keyword like 「加微信」 also matches
 * 「加V信」, 「+vx」, 「加薇」. Runs on cleaned (lower-case) text.
 */
export function canonicalVariants(text: string): string {
  if (!MAY_NAME_WECHAT.test(text)) return text
  return text
    .replace(/(?:[v薇威维徽嶶]|微|wei)[信芯❤♥💕]|(?<![a-z])(?:vx|wx|weixin)(?![a-z])/gu, '微信')
    .replace(/[加+➕]\s*(?:[v薇威嶶](?![a-z0-9信])|微(?=[\s:：]|[a-z0-9]))/gu, '加微信')
    .replace(/[+➕]\s*微信/gu, '加微信')
}

/** Letters and digits only: 「加 微-信」 → 「加微信」; keeps keywords whole across filler. */
export function squeeze(text: string): string {
  // `text.replace(/[^\p{L}\p{N}]+/gu, '')` without the regex: runs of kept characters are sliced whole
  let out = ''
  let start = 0
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    if (!isLetterOrNumber(cp)) {
      if (i > start) out += text.slice(start, i)
      start = i + width
    }
    i += width
  }
  return start === 0 ? text : out + text.slice(start)
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u
/** per BMP code point: 0 not looked at yet, 1 a letter or number, 2 not */
const letterOrNumber = new Uint8Array(0x10000)
function isLetterOrNumber(cp: number): boolean {
  if (cp > 0xffff) return LETTER_OR_NUMBER.test(String.fromCodePoint(cp))
  let k = letterOrNumber[cp]!
  if (k === 0) letterOrNumber[cp] = k = LETTER_OR_NUMBER.test(String.fromCharCode(cp)) ? 1 : 2
  return k === 1
}
