/**
 * URLs and domains in chat text. Precision first: 「https协议」, 「报告.pdf」, 「3.5元」,
 * 「v1.2.3」 and e-mail addresses are not links; a bare `name.tld` counts only for a
 * known top-level domain.
 */

/** TLDs that make a bare `name.tld` a link even without a path: the ones spam really uses. */
const BARE_TLDS = new Set([
  'com', 'cn', 'net', 'org', 'cc', 'top', 'xyz', 'vip', 'club', 'shop', 'site', 'online', 'ltd',
  'wang', 'icu', 'fun', 'store', 'info', 'biz', 'tv', 'me', 'co', 'hk', 'tw', 'asia', 'link',
  'mobi', 'bet', 'casino', 'cloud', 'website',
])

/**
 * With a path (`x.io/abc`) these are links too. They stay out of BARE_TLDS because they are
 * also file extensions or words (`readme.md`, `main.py`, `socket.io`, `hello.world`).
 */
const PATH_TLDS = new Set([
  ...BARE_TLDS, 'io', 'ai', 'app', 'dev', 'so', 'la', 'ly', 'gl', 'gd', 'im', 'in', 'us', 'uk',
  'jp', 'kr', 'ru', 'de', 'fr', 'eu', 'to', 'gg', 'ws', 'fm', 'be', 'it', 'nl', 'ca', 'au', 'sg',
  'my', 'ph', 'vn', 'th', 'tk', 'ml', 'ga', 'cf', 'gq', 'cx', 'nz', 'su', 'one', 'xin', 'red',
  'win', 'plus', 'group', 'world', 'news', 'cyou', 'buzz', 'ren', 'kim', 'ink', 'pro', 'tech',
  'live', 'games', 'space', 'today', 'work', 'life',
])

/** Technology and company-name words that look like domains. */
const NOT_DOMAINS = new Set(['asp.net', 'vb.net', 'ado.net', 'dot.net', 'f.net', 'c.net', 'co.ltd'])
/** 「Mr.Wang」: a title and a surname (`.wang` is a TLD) */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir'])

/** Characters that end a URL: whitespace, CJK text and punctuation, full-width forms, emoji. */
const URL_CHAR = String.raw`[^\s<>"'\`{}|\\^\u2000-\u206f\u2e80-\u9fff\uac00-\ud7af\ud800-\udfff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]`

const SCHEME_URL = new RegExp(String.raw`(?:https?|ftp)://${URL_CHAR}+`, 'gi')
const WWW_URL = new RegExp(String.raw`(?<![a-z0-9.@_-])www\.[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{2,5})?(?:[/?#]${URL_CHAR}*)?`, 'gi')
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![a-z0-9.@_/\\-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,10}))(?![a-z0-9-])(:\d{2,5})?(/${URL_CHAR}*)?`,
  'gi',
)
/** 「xx88点com」, 「xx88。vip」, 「xx88 dot cc」: a domain spelt so that it does not turn into a link */
const SPELT_DOMAIN = /(?<![a-z0-9.@_-])([a-z0-9][a-z0-9-]{1,62})\s?(?:点|。|dot|\(\.\)|\[\.\]|\(点\)|\[点\])\s?(com|cn|net|cc|top|xyz|vip|club|shop|me)(?![a-z0-9])/gi
/** what every link pattern below needs somewhere in the text */
const MAY_HOLD_LINK = /[.点。]|dot|:\/\//i
const IP_URL = new RegExp(String.raw`(?<![\d.])((\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3})(?::\d{2,5}(?:/${URL_CHAR}*)?|/${URL_CHAR}+)`, 'g')

/**
 * Links are looked for in the first 10,000 characters: WeChat folds a long message after a
 * screen or two, so a link meant to be clicked sits near the top, and ten thousand
 * characters is some twenty screens. A 1 MB message (legal in WeChat) costs no more.
 */
export const LINK_SCAN_MAX_CHARS = 10_000
/** One link is evidence enough; more than this many only cost time (each is checked against the others). */
const MAX_LINKS = 20

const TAIL_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', ')', ']', "'", '"'])

/**
 * Sentence punctuation typed straight after a URL is not part of it. A scan from the end:
 * the regex `/[.,…]+$/` retried from every dot of a long run and took quadratic time.
 */
function trimTail(url: string): string {
  let end = url.length
  while (end > 0 && TAIL_PUNCTUATION.has(url.charAt(end - 1))) end--
  return url.slice(0, end)
}

/** Host of a URL or domain, lower case, without port, `user@` or trailing dot; undefined when none. */
export function hostOf(url: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`
  try {
    const host = new URL(withScheme).hostname.toLowerCase().replace(/\.$/, '')
    return host || undefined
  } catch {
    return undefined
  }
}

/** An allowDomains entry as a bare host: 「https://ke.qq.com/」, 「*.qq.com」 → 「ke.qq.com」, 「qq.com」. */
export function normalizeAllowDomain(entry: string): string {
  const trimmed = entry.trim().replace(/^\*?\./, '')
  return hostOf(trimmed) ?? trimmed.toLowerCase()
}

/** The host is an allowed domain or a subdomain of one. */
export function isAllowedHost(host: string | undefined, allowDomains: readonly string[]): boolean {
  if (!host) return false
  return allowDomains.some((d) => host === d || host.endsWith(`.${d}`))
}

function isPrivateIp(a: number, b: number): boolean {
  return a === 10 || a === 127 || a === 0 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)
}

/** `http://localhost:3000`, `http://192.168.1.1/admin`: developers talking, nobody can be lured there */
function isLocalHost(host: string | undefined): boolean {
  if (host === undefined) return false
  if (host === 'localhost' || host.endsWith('.local') || host.endsWith('.localhost')) return true
  const ip = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host)
  return ip !== null && isPrivateIp(Number(ip[1]), Number(ip[2]))
}

/**
 * Links found in the first `LINK_SCAN_MAX_CHARS` of `text` (half-width already), in order,
 * each once, at most `MAX_LINKS`. Overlapping candidates (a `www.` inside an `https://` URL)
 * are reported as the longest one.
 */
export function findLinks(whole: string): string[] {
  const text = whole.slice(0, LINK_SCAN_MAX_CHARS)
  // every pattern below needs a dot (or 点, 。, dot) or a scheme's `://`: most chat has none
  if (!MAY_HOLD_LINK.test(text)) return []
  const taken: Array<[number, number]> = []
  const found: string[] = []
  const overlaps = (start: number, end: number): boolean => taken.some(([s, e]) => start < e && end > s)
  const add = (start: number, url: string, end = start + url.length): void => {
    if (taken.length >= MAX_LINKS || overlaps(start, end)) return
    taken.push([start, end])
    if (!found.includes(url)) found.push(url)
  }

  for (const m of text.matchAll(SCHEME_URL)) {
    const url = trimTail(m[0])
    if (/^[a-z]+:\/\/[a-z0-9]/i.test(url) && !isLocalHost(hostOf(url))) add(m.index, url)
  }
  for (const m of text.matchAll(WWW_URL)) add(m.index, trimTail(m[0]))
  for (const m of text.matchAll(IP_URL)) {
    const a = Number(m[2])
    const b = Number(m[3])
    const octetsOk = m[1]!.split('.').every((o) => Number(o) <= 255)
    if (octetsOk && !isPrivateIp(a, b)) add(m.index, trimTail(m[0]))
  }
  for (const m of text.matchAll(BARE_DOMAIN)) {
    const host = m[1]!.toLowerCase()
    const tld = m[2]!.toLowerCase()
    const hasRest = m[3] !== undefined || (m[4] !== undefined && m[4].length > 1)
    const known = hasRest ? PATH_TLDS.has(tld) : BARE_TLDS.has(tld)
    // 「v1.2.com」-like strings whose labels are all digits are versions, not hosts
    const labels = host.split('.').slice(0, -1)
    const hasLetterLabel = labels.some((l) => /[a-z]/.test(l)) || labels.join('').length >= 3
    const title = labels.length === 1 && TITLES.has(labels[0]!)
    if (known && hasLetterLabel && !title && !NOT_DOMAINS.has(host)) {
      add(m.index, hasRest ? trimTail(m[0]) : m[1]!)
    }
  }
  for (const m of text.matchAll(SPELT_DOMAIN)) {
    add(m.index, `${m[1]}.${m[2]}`.toLowerCase(), m.index + m[0].length)
  }
  return found
}
