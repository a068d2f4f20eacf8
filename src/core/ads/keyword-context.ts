/**
 * When a keyword hit is not an ad. Keyword lists are literal on purpose (operators write
 * them), so these exceptions are few and each covers a situation that is common in real
 * groups and where removing the sender would be plainly wrong.
 */

/**
 * The checks below read the first 10,000 characters, the span the keyword search reads
 * (`KEYWORD_SCAN_MAX_CHARS`): an exception can only excuse a hit it can see.
 */
export const CONTEXT_MAX_CHARS = 10_000

/**
 * Two-character words whose second character starts a keyword: 「参加微信读书」 holds
 * 「加微信」, 「印刷单价」 holds 「刷单」. A hit that begins inside such a word is no hit.
 */
const WORDS_SPLIT_BY_HIT = new Set(['参加', '增加', '更加', '附加', '追加', '外加', '施加', '叠加', '印刷', '洗刷', '粉刷'])

/**
 * 「已加微信」, 「刚加微信」: the sender reports what they did; a solicitation says 「加微信…」
 * to the reader.
 */
const NARRATED = new Set(['已加', '刚加', '没加', '都加', '早加'])

export function startsInsideWord(text: string, start: number): boolean {
  if (start === 0) return false
  const pair = text.slice(start - 1, start + 1)
  return WORDS_SPLIT_BY_HIT.has(pair) || NARRATED.has(pair)
}

/**
 * Warnings and complaints name the scam: 「刷单返利都是诈骗」, 「有人发兼职广告，管理员踢一下」,
 * 「那个说兼职的别理他」, 「日结三百的兼职是假的」. An ad never calls itself a fraud, except to
 * deny it (「不是骗子」), which does not count.
 */
const WARNING =
  /(?<!不是|非|绝不是|没有|不|从不)(?:警惕|谨防|小心|防骗|反诈|诈骗|骗局|骗子|骗人|骗钱|被骗|上当|举报|不靠谱|发.{0,4}广告|打广告|广告贴|被踢|踢了|踢出|移出群|拉黑|禁止|严禁|不要相信|别相信|不要信|别信|不要参与|别参与|不要加|别加|勿加|勿信|别理|不要理|别回|不要回|别点|不要点|勿点|别去|不要去|冒充|是假的|都是假|都是骗|大家注意|提醒大家)/

export function isWarning(text: string): boolean {
  return WARNING.test(text.slice(0, CONTEXT_MAX_CHARS))
}

/**
 * A self-introduction: 「大家好，我是…」 or a 城市-姓名-行业 line. People mention 兼职 in
 * them honestly (「晚上兼职做插画」); an ad dressed as one still offers money or a job.
 */
const SELF_INTRO = /^(?:\s*(?:大家好|各位好|hello|hi|嗨)[，,！!。~\s]*)?(?:我是|我叫|本人|自我介绍)|^\s*\p{Script=Han}{2,}-\p{Script=Han}{2,4}-/u
const OFFER = /日结|周结|佣金|提成|月入|日入|日赚|收益|赚钱|躺赚|工资|时薪|在家|宝妈|学生党|名额|招(?:募|聘|人|收|兼职|代理|学员)|急招|诚招|带你|私聊|私我|咨询|领取|免费/

export function isSelfIntroWithoutOffer(whole: string): boolean {
  const text = whole.slice(0, CONTEXT_MAX_CHARS)
  return SELF_INTRO.test(text) && !OFFER.test(text)
}

/**
 * A question about the thing (「信用卡套现违法吗？」, 「返利什么时候到账？」) is asked by
 * members and customers; a question-shaped ad (「宝妈们想在家兼职吗？」) still offers something.
 */
const QUESTION_MARKS = new Set(['?', '？', '吗', '呢'])
const TRAILING = /^[\s\p{P}\p{S}]$/u

/**
 * Ends with ?, ？, 吗 or 呢, then only spaces, punctuation and symbols. A scan back from the
 * end: the regex `/(?:[?？]|吗|呢)[\s\p{P}\p{S}]*$/u` retried from every `?` of a long run
 * and took quadratic time (「兼职」 + 40,000 `?` + 「a」 froze the bot for 12.7 s).
 */
function endsAsQuestion(text: string): boolean {
  let end = text.length
  while (end > 0) {
    const code = text.codePointAt(end - 1)!
    // a low surrogate: step back over the whole astral character (an emoji is a symbol)
    const width = end >= 2 && code >= 0xdc00 && code <= 0xdfff && /[\ud800-\udbff]/.test(text.charAt(end - 2)) ? 2 : 1
    const ch = text.slice(end - width, end)
    if (QUESTION_MARKS.has(ch)) return true
    if (!TRAILING.test(ch)) return false
    end -= width
  }
  return false
}

export function isQuestionWithoutOffer(whole: string): boolean {
  const text = whole.slice(0, CONTEXT_MAX_CHARS)
  return endsAsQuestion(text) && !OFFER.test(text)
}
