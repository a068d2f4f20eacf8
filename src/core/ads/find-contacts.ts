import { findMarkedContacts } from './contact-markers'
import { deobfuscate } from './deobfuscate'
import { canonicalVariants } from './normalize-text'

/**
 * Contact details advertised in chat text: mainland mobile numbers, WeChat ids and QQ
 * numbers. A number alone is a contact only when it is shaped like a mobile; WeChat and
 * QQ ids count only after a cue that says what they are, because an order number, a date
 * or a price is also "a long number".
 */

/** separators people put inside a phone number: 138 1234 5678, 138-1234-5678, 1 3 8 … */
const SEP = String.raw`[\s\-–—_·]{0,2}`
/**
 * Not glued to other digits, and not one group of a longer grouped number (a bank card
 * 「6222 1381 2345 6789」); a time like 「20:00 138…」 before it is fine.
 */
const PHONE = new RegExp(
  String.raw`(?<![0-9])(?<![0-9]{3}${SEP})1${SEP}[3-9](?:${SEP}[0-9]){9}(?![0-9])(?!${SEP}[0-9]{2})`,
  'g',
)
/** a number followed by a unit is an amount: 「13800000000元」 */
const UNIT_AFTER = /^\s*(?:元|块|万|亿|%|円|美元|分钟|秒|小时|天|次|个|人|件|份|kg|g|ml|mb|gb|w)/
/** a number right after one of these labels is an id of some other kind, not a phone */
const ID_LABEL_BEFORE =
  /(?:订单|单号|编号|编码|代码|课程码|课号|学号|工号|会员号|会员卡|卡号|序列号|流水号|批次|运单|取件码|票号|(?<![a-z])id|(?<![a-z])no\.?|#|尾号|会议号|房间号|账单|条码|型号|(?<![a-z])sn|工单|快递单|物流单|身份证)[\s:：#=是为]*$/
/** 「+86 138…」: the country code must not make the number look like part of a longer one */
const COUNTRY_CODE = /(?:\+|00)\s?86[\s-]?(?=1[3-9])|\(\+?86\)\s?(?=1[3-9])/g

/** what follows 微信 (after `canonicalVariants`): label, verb, filler, then the id */
const WECHAT_STRONG =
  /微信(号码?|账号|id)?\s*(是|为|搜索?|搜一搜|同号)?([^\p{L}\p{N}]{0,4})([a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])/gu
/** 「v: abc123」, 「薇：abc123」, 「卫星 abc123」: weak cues, so the id must contain a digit */
const WECHAT_WEAK =
  /(?:(?:(?<![a-z])v|[薇威嶶])\s*[:：=]|卫星号?[\s:：=]*)([^\p{L}\p{N}]{0,3})([a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])/gu
/** words developers say right after 微信; they are not ids */
const API_TERMS = new Set([
  'openid', 'unionid', 'appid', 'appsecret', 'access_token', 'session_key', 'jsapi', 'js_sdk',
  'jssdk', 'official', 'webhook', 'callback', 'payment', 'wechat', 'weixin', 'miniapp', 'mchid',
])

const QQ = /(?<![a-z])(qq|扣扣|企鹅|q)(?![a-z])(号码?|群号?|同号)?([^\p{L}\p{N}]{0,4})([1-9][0-9]{4,10})(?![0-9])/gu

/** ASCII digits in `text` */
export function countDigits(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x30 && c <= 0x39) n++
  }
  return n
}

function isAmount(text: string, end: number): boolean {
  return UNIT_AFTER.test(text.slice(end, end + 4))
}

/**
 * Contacts are looked for in the first 10,000 characters: WeChat folds a long message after
 * a screen or two, so a number meant to be added sits near the top, and ten thousand
 * characters is some twenty screens. A 1 MB message (legal in WeChat) costs no more.
 */
export const CONTACT_SCAN_MAX_CHARS = 10_000

/**
 * Human-readable evidence for each contact found in the first `CONTACT_SCAN_MAX_CHARS` of
 * `text`, each once. The text is read through `deobfuscate` (digits and letters however
 * written, filler between digits), which is linear and capped at the same length.
 */
export function findContacts(raw: string): string[] {
  const folded = deobfuscate(raw.length > CONTACT_SCAN_MAX_CHARS ? raw.slice(0, CONTACT_SCAN_MAX_CHARS) : raw)
  // every contact (a number, an id) holds an ASCII letter or digit once folded; most chat has none
  if (!/[0-9a-z]/.test(folded)) return []
  // a phone has 11 digits, a QQ number 5 or more, every other id but a 「微信号：name」 one
  const digits = countDigits(folded)
  const text = canonicalVariants(folded).replace(COUNTRY_CODE, ' ')
  const found = new Set<string>()

  if (digits >= 11) for (const m of text.matchAll(PHONE)) {
    const end = m.index + m[0].length
    const before = text.slice(Math.max(0, m.index - 12), m.index)
    if (isAmount(text, end) || ID_LABEL_BEFORE.test(before)) continue
    found.add(m[0].replace(/[^0-9]/g, ''))
  }

  for (const m of text.matchAll(WECHAT_STRONG)) {
    const id = m[4]!
    // letters only after a bare 「微信 」 reads like a sentence (「微信 official account」);
    // with a label, a colon or a digit it is an id
    const explicit = m[1] !== undefined || m[2] !== undefined || /[:：=]/.test(m[3]!)
    if ((explicit || /\d/.test(id)) && !API_TERMS.has(id)) found.add(`微信 ${id}`)
  }
  if (digits >= 1) for (const m of text.matchAll(WECHAT_WEAK)) {
    const id = m[2]!
    if (/\d/.test(id) && !API_TERMS.has(id)) found.add(`微信 ${id}`)
  }

  if (digits >= 5) for (const m of text.matchAll(QQ)) {
    const [, cue, label, filler, number] = m
    // a lone 「q」 is too common (Q3, Q&A); it needs 「Q号」 or 「Q:」
    if (cue === 'q' && label === undefined && !/[:：]/.test(filler!)) continue
    if (isAmount(text, m.index + m[0].length)) continue
    found.add(`QQ ${number}`)
  }
  // markers however written (「加wxlqs1988622」, 「薇374583830936」, 「群号757627921」)
  if (digits >= 1) for (const contact of findMarkedContacts(folded, digits)) found.add(contact)
  return [...found]
}
