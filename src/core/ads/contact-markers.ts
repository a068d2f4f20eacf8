/**
 * Contacts named by a marker, however the marker is written: WeChat (「微信」, 「vx」,
 * 「V.X」, 「wx」, 「Ⓥⓧ」, 「薇」, 「威」, 「徽」, 「卫星」, 「绿泡泡」), QQ (「q」, 「qq」,
 * 「扣扣」, 「企鹅」, and its nicknames 「球球」, 「秋秋」, 「🐧」) and QQ groups (「群号」), with the id glued to the marker
 * (「加wxlqs1988622」, 「加q859945704」) or after filler (「微信:5435345」).
 *
 * Reads text already passed through `deobfuscate` (ASCII, lower case, filler between digits
 * as one space), which is capped at MAX_DEOBFUSCATE_CHARS. Every pattern has bounded
 * repetition and no nested quantifiers, so a scan is linear in the text.
 */

/** markers that can only mean WeChat */
const WECHAT_STRONG = String.raw`微信|威信|薇信|维信|維信|徽信|嶶信|唯信|v信|wei信|weixin|wechat|(?<![a-z])[vw][ .\-_·*]{0,2}x|卫星号?|绿泡泡|绿色泡泡`
/** single characters that also start ordinary words: the id after them must be mostly digits */
const WECHAT_WEAK = String.raw`(?<![a-z])v|(?<![蔷权示声国虎军雄发神立扬])威|(?<![蔷])薇|(?<![安])徽|嶶`
const LABEL = String.raw`(?:号码?|账号|id)?(?:是|为|搜索?|同号)?`
const FILLER = String.raw`[^\p{L}\p{N}\n]{0,4}`
/** an id: letters, digits, `_` and `-`; digit groups may carry the single spaces `deobfuscate` leaves */
const ID = String.raw`([a-z0-9](?:[a-z0-9_-]| (?=[0-9])){4,24})(?![a-z0-9_-])`

const WECHAT = new RegExp(String.raw`(?:(${WECHAT_STRONG})|(${WECHAT_WEAK}))${LABEL}(${FILLER})${ID}`, 'gu')
const QQ = new RegExp(
  String.raw`(?<![a-z])(qq|q|扣扣|扣|企鹅|抠抠|叩叩|蔻蔻|球球|秋秋|丘丘|🐧)(?:号码?|同号)?(${FILLER})([1-9](?: ?[0-9]){4,10})(?![0-9])`,
  'gu',
)
const QQ_GROUP = new RegExp(
  String.raw`(?:(?<![a-z])q{1,2}群|扣扣群|扣群|群号码?|加群|进群|群(?=[:：=]))(${FILLER})([1-9](?: ?[0-9]){5,10})(?![0-9])`,
  'gu',
)
/** a number followed by a unit is an amount: 「扣 500000 元」 */
const UNIT_AFTER = /^\s*(?:元|块|万|亿|%|円|美元|分|秒|小时|天|次|个|人|件|份|kg|g|ml|mb|gb|w)/

/** words developers say right after 微信; they are not ids */
const NOT_IDS = new Set(['openid', 'unionid', 'appid', 'appsecret', 'access_token', 'session_key', 'jssdk', 'webhook', 'callback', 'payment', 'official', 'miniapp', 'mchid'])

const digitsIn = (id: string): number => id.replace(/[^0-9]/g, '').length

function isAmount(text: string, end: number): boolean {
  return UNIT_AFTER.test(text.slice(end, end + 4))
}

/**
 * Whether an id after a WeChat marker is one. After a strong marker: a letter-led id with
 * a digit (letters alone read like a sentence: 「微信 official」) or 5+ digits; after a
 * single-character marker: 5+ digits, or a colon and a digit (「威：dream_job66」).
 */
function isWechatId(id: string, strong: boolean, filler: string): boolean {
  if (NOT_IDS.has(id)) return false
  const digits = digitsIn(id)
  const compact = id.replace(/ /g, '')
  if (/^[0-9]+$/.test(compact)) return digits >= 5 && digits <= 12
  if (!/^[a-z]/.test(compact) || compact.length < 6) return false
  if (strong) return digits >= 1
  return digits >= 5 || (/[:：=]/.test(filler) && digits >= 1)
}

/** Human-readable evidence (「微信 lqs1988622」, 「QQ 859945704」, 「QQ群 757627921」) for each marked contact. */
export function findMarkedContacts(folded: string, digits = Infinity): string[] {
  const found = new Set<string>()
  // every id needs a digit, every QQ number five (`digits`: how many `folded` holds, when known)
  if (digits < 1) return []
  for (const m of folded.matchAll(WECHAT)) {
    const [, strong, , filler, id] = m
    if (isWechatId(id!, strong !== undefined, filler!)) found.add(`微信 ${id!.replace(/ /g, '')}`)
  }
  if (digits < 5) return [...found]
  for (const m of folded.matchAll(QQ)) {
    const [, cue, filler, number] = m
    const digits = number!.replace(/ /g, '')
    if (isAmount(folded, m.index + m[0].length)) continue
    // a lone 「q」 or 「扣」 is common (Q3, 扣1): it needs a colon or a QQ-sized number
    if ((cue === 'q' || cue === '扣') && !/[:：]/.test(filler!) && digits.length < 6) continue
    found.add(`QQ ${digits}`)
  }
  for (const m of folded.matchAll(QQ_GROUP)) {
    if (isAmount(folded, m.index + m[0].length)) continue
    found.add(`QQ群 ${m[2]!.replace(/ /g, '')}`)
  }
  return [...found]
}
