/**
 * Every check that reads member text must take time linear in the text, and read no more
 * than its cap. Each check runs on hostile shapes at 10k, 20k and 40k characters (a check
 * capped below 40k at a quarter, half and all of its cap, so the growth measured is the
 * check's own and not the cap's); the test fails when the time grows faster than linearly.
 * A second test gives each capped check a text far beyond its cap (100 times, at most 2 MB)
 * and expects it to cost about what the cap costs. Times are CPU times (other processes on a
 * shared machine stretch the wall clock, not these), and still noisy, so: a warm-up first, each timing repeats the call enough to last a
 * measurable while, rounds interleave the sizes, and only ratios are judged, each the
 * smaller of the ratio of the rounds' medians and of their minimums (a shared machine only
 * ever adds time, in steps of whole scheduler slices). A check fails when t40k / t10k is 8
 * or more (linear is 4, quadratic 16) and both doublings grow by sqrt(8) or more: a real
 * n² grows at every step, while a cache or scheduling effect makes one step jump. Checks
 * cheap enough that one call at the largest size stays under FLOOR_MS pass whatever, and a
 * check fails only when three measurements in a row say so. What the checks cost in
 * microseconds is a figure for `npm run bench hostileText`.
 */
import { nicknameSchema, rulesSchema } from '../../src/config/schema'
import { crossGroupKey, evaluateMessage } from '../../src/core/rules'
import { compileRules } from '../../src/core/rules/compile-rules'
import { compileAds, detectAd } from '../../src/core/ads/detect-ad'
import { CONTACT_SCAN_MAX_CHARS, findContacts } from '../../src/core/ads/find-contacts'
import { findLinks, LINK_SCAN_MAX_CHARS } from '../../src/core/ads/find-links'
import { CONTEXT_MAX_CHARS, isQuestionWithoutOffer, isSelfIntroWithoutOffer, isWarning } from '../../src/core/ads/keyword-context'
import { compileKeywordSearch, KEYWORD_SCAN_MAX_CHARS } from '../../src/core/ads/keyword-matcher'
import { canonicalVariants, cleanText, halfWidth, normalizeDigits, squeeze } from '../../src/core/ads/normalize-text'
import { repeatKey, REPEAT_KEY_MAX_CHARS } from '../../src/core/ads/cross-group'
import { compileWatchWords, matchWatchWords } from '../../src/core/ads/watch-words'
import { checkNickname } from '../../src/core/rules/nickname'
import { introLength, INTRO_MAX_CHARS } from '../../src/core/rules/intro'
import { welcomeText } from '../../src/core/rules/welcome-text'
import { MAX_COMMAND_LENGTH } from '../../src/core/commands/parse-context'
import { parseCommand } from '../../src/core/commands/parse-command'
import { quotedName, QUOTE_MAX_CHARS } from '../../src/plugins/analytics/quoted-name'
import { toMemberActivities } from '../../src/plugins/analytics/to-activity'
import { compileQuestionPatterns, isQuestion, QUESTION_MAX_CHARS } from '../../src/plugins/questions/is-question'
import { cleanShown } from '../../src/texts/shown-text'
import { splitLines } from '../../src/texts/text-limits'
import { textMessage } from '../helpers/inbound-message'
import { hqCommandLookup } from '../helpers/hq-commands'

const SIZES = [10_000, 20_000, 40_000] as const
/** linear is 4, quadratic 16: 8 leaves room for a noisy machine on one side and catches n² on the other */
const MAX_RATIO = 8
/** one call at 40k characters faster than this is harmless whatever its growth */
const FLOOR_MS = 2
/** a call this slow has failed already; stop measuring instead of freezing the test run */
const GIVE_UP_MS = 1500
const ROUNDS = 4
/** each timing repeats the call until the smallest text lasts about this long, so the clock's noise is small */
const TARGET_MS = 0.2

/** Hostile shapes: each builds a text of exactly `n` UTF-16 units. */
const fill = (unit: string, n: number, head = '', tail = ''): string => {
  const body = unit.repeat(Math.ceil(Math.max(0, n - head.length - tail.length) / unit.length))
  return (head + body).slice(0, n - tail.length) + tail
}
const SHAPES: Record<string, (n: number) => string> = {
  questionMarks: (n) => fill('?', n, '兼职', 'a'),
  dotsAfterUrl: (n) => fill('.', n, 'http://x.com/', 'a'),
  atRuns: (n) => fill('@', n, 'see https://ad.example.com/p'),
  dottedLabels: (n) => fill('a.', n),
  manyDomains: (n) => fill('ab.cc ', n),
  digitsDashed: (n) => fill('1-', n),
  digitsSpaced: (n) => fill('13 ', n),
  wechatSpaced: (n) => fill('微信 ', n),
  addSpaced: (n) => fill('加 ', n),
  cjkAscii: (n) => fill('中a', n),
  emojiRun: (n) => fill('😀', n),
  spaces: (n) => fill(' ', n, '兼职'),
  newlines: (n) => fill('\n', n, '「张三：你好」'),
  atSpaced: (n) => fill('@ ', n, '#广播 全部 '),
  quoteCloses: (n) => fill('」 \n', n, '「张三：'),
  hanDigits: (n) => fill('一二三四五六七', n),
  openComments: (n) => fill('<!--', n),
  openTags: (n) => fill('<a ', n),
  joiners: (n) => fill('👩\u200d', n),
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/**
 * CPU ms per call of `check` on `text`, over `times` calls. CPU time, not the wall clock:
 * other processes on a shared machine stretch the wall clock (a CI run at load 17 flaked on
 * these ratios), not this process's own CPU time.
 */
function timeCalls(check: (text: string) => unknown, text: string, times: number): number {
  const c0 = process.cpuUsage()
  for (let i = 0; i < times; i++) check(text)
  const used = process.cpuUsage(c0)
  return (used.user + used.system) / 1000 / times
}

/**
 * A verdict of "too slow" stands only when every one of `CONFIRMATIONS` measurements gives
 * it: a real n² shows at every try, a pause of the machine (a GC, a migration) at one.
 */
const CONFIRMATIONS = 3
function slowEveryTime(measure: () => string | undefined): string | undefined {
  let line: string | undefined
  for (let i = 0; i < CONFIRMATIONS; i++) {
    line = measure()
    if (line === undefined) return undefined
  }
  return line
}

interface Growth {
  /** median ms per call at each size */
  perCall: number[]
  /** largest size / smallest size, the smaller of the ratio on medians and on minimums */
  ratio: number
  /** the same for each doubling (or each step) */
  steps: number[]
  gaveUp: boolean
}

function growth(check: (text: string) => unknown, shape: (n: number) => string, sizes: readonly number[]): Growth {
  const texts = sizes.map((n) => shape(n))
  // warm-up (JIT, regex compilation), and how many calls make a timing long enough: the
  // smallest text about TARGET_MS, the largest no more than a few times that
  check(texts[0]!)
  const once = texts.map((t) => timeCalls(check, t, 1))
  if (Math.max(...once) > GIVE_UP_MS) return { perCall: once, ratio: Infinity, steps: [], gaveUp: true }
  const floor = (ms: number) => Math.max(ms, 0.001)
  const times = Math.max(1, Math.min(200, Math.ceil(TARGET_MS / floor(once[0]!)), Math.ceil((4 * TARGET_MS) / floor(once[2]!))))
  const rounds: number[][] = sizes.map(() => [])
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < sizes.length; i++) {
      const t = timeCalls(check, texts[i]!, times)
      if (t > GIVE_UP_MS) return { perCall: rounds.map((ts) => (ts.length ? median(ts) : t)), ratio: Infinity, steps: [], gaveUp: true }
      rounds[i]!.push(t)
    }
  }
  const perCall = rounds.map(median)
  const least = rounds.map((ts) => Math.min(...ts))
  const ratioOf = (a: number, b: number) => Math.min(perCall[b]! / Math.max(perCall[a]!, 1e-6), least[b]! / Math.max(least[a]!, 1e-6))
  return { perCall, ratio: ratioOf(0, 2), steps: [ratioOf(0, 1), ratioOf(1, 2)], gaveUp: false }
}

const policy = rulesSchema.parse({
  ads: { keywords: ['兼职', '加微信', '刷单', '日结', '微信'] },
  watchWords: ['退款', '投诉', '骗子'],
})
const compiled = compileRules(policy)
const compiledAds = compileAds(policy.ads)
const keywordSearch = compileKeywordSearch(['兼职', '加微信', '刷单', '微信', '加'])
const watchWords = compileWatchWords(['退款', '投诉', '微信'])
const nickname = nicknameSchema.parse({})
const questionPatterns = compileQuestionPatterns(['[?？]$', '^(请问|问一下|有没有人知道)'])

interface Check {
  run: (text: string) => unknown
  /** the most the check reads, when it reads less than the whole text */
  cap?: number
  /** put before each hostile text (outside the timing) */
  prefix?: string
}
const uncapped = (run: (text: string) => unknown): Check => ({ run })
const capped = (cap: number, run: (text: string) => unknown, prefix?: string): Check => ({ run, cap, ...(prefix ? { prefix } : {}) })

/** Each check as `(text) => unknown`: the text is what a member controls. */
const CHECKS: Record<string, Check> = {
  // text clean-ups: callers cap before them; they must be linear on any length
  'normalize-text cleanText': uncapped(cleanText),
  'normalize-text halfWidth': uncapped(halfWidth),
  'normalize-text normalizeDigits': uncapped(normalizeDigits),
  'normalize-text canonicalVariants': uncapped(canonicalVariants),
  'normalize-text squeeze': uncapped(squeeze),
  findContacts: capped(CONTACT_SCAN_MAX_CHARS, findContacts),
  findLinks: capped(LINK_SCAN_MAX_CHARS, findLinks),
  isWarning: capped(CONTEXT_MAX_CHARS, isWarning),
  isSelfIntroWithoutOffer: capped(CONTEXT_MAX_CHARS, isSelfIntroWithoutOffer),
  isQuestionWithoutOffer: capped(CONTEXT_MAX_CHARS, isQuestionWithoutOffer),
  'keyword search': capped(KEYWORD_SCAN_MAX_CHARS, keywordSearch),
  'watch-words': capped(KEYWORD_SCAN_MAX_CHARS, (t) => matchWatchWords(t, watchWords)),
  repeatKey: capped(REPEAT_KEY_MAX_CHARS, repeatKey),
  crossGroupKey: capped(REPEAT_KEY_MAX_CHARS, (t) => crossGroupKey(textMessage(t))),
  detectAd: capped(KEYWORD_SCAN_MAX_CHARS, (t) => detectAd(textMessage(t), policy.ads, compiledAds)),
  evaluateMessage: capped(KEYWORD_SCAN_MAX_CHARS, (t) =>
    evaluateMessage({
      message: textMessage(t),
      policy,
      compiled,
      exempt: false,
      strikes: 0,
      recentTimestamps: [0],
      crossGroupHistory: [{ roomId: 'g1@chatroom', at: 0 }],
      nickname: { strikes: 0, joinedAt: undefined },
      now: 0,
    }),
  ),
  // the cap is on the name: `shownName` trims the whole name first (one linear pass)
  'nickname (name)': uncapped((t) => checkNickname({ name: t, alias: undefined }, nickname)),
  'nickname (group alias)': uncapped((t) => checkNickname({ name: '张三', alias: t }, nickname)),
  introLength: capped(INTRO_MAX_CHARS, introLength),
  welcomeText: uncapped((t) => welcomeText(policy.welcome, { memberNames: [t, t], groupName: '北京1群', nicknameExample: '北京-张三-教育' })),
  // every name and answer the bot repeats passes it (issue 17)
  cleanShown: uncapped(cleanShown),
  isQuestion: capped(QUESTION_MAX_CHARS, (t) => isQuestion(t, questionPatterns)),
  parseCommand: capped(MAX_COMMAND_LENGTH, (t) => parseCommand(t, hqCommandLookup)),
  'parseCommand (#广播)': capped(MAX_COMMAND_LENGTH, (t) => parseCommand(t, hqCommandLookup), '#广播 全部 '),
  quotedName: capped(QUOTE_MAX_CHARS, quotedName),
  // a member's text relayed to HQ (a question, an excerpt) is split into pages
  'text-limits splitLines': uncapped((t) => splitLines(t, 2000)),
  toMemberActivities: uncapped((t) =>
    toMemberActivities(
      { members: new Map(), days: [], links: [], ids: new Map(), since: undefined },
      [{ id: 'wxid_u1', name: t, alias: undefined }],
      { today: '2026-11-30', nickname, now: 0, inviteHoldDays: 3 },
    ),
  ),
}

function withPrefix(check: Check, shape: (n: number) => string): (n: number) => string {
  const prefix = check.prefix
  return prefix === undefined ? shape : (n) => prefix + shape(n - prefix.length)
}

/** 10k/20k/40k, or a quarter, half and all of a smaller cap */
function sizesFor(check: Check): readonly number[] {
  const cap = check.cap
  if (cap === undefined || cap >= SIZES[2]) return SIZES
  return [Math.floor(cap / 4), Math.floor(cap / 2), cap]
}

describe('every check on member text takes linear time on hostile input', () => {
  it.each(Object.keys(CHECKS))('%s', (name) => {
    const check = CHECKS[name]!
    const sizes = sizesFor(check)
    const slow: string[] = []
    for (const [shapeName, shape] of Object.entries(SHAPES)) {
      const line = slowEveryTime(() => {
        const g = growth(check.run, withPrefix(check, shape), sizes)
        const worst = g.perCall[g.perCall.length - 1]!
        const line = `${shapeName}: ${g.perCall.map((t) => t.toFixed(3)).join(' / ')} ms per call at ${sizes.join('/')} chars${g.gaveUp ? ' (gave up)' : `, ratio ${g.ratio.toFixed(1)}`}`
        if (process.env.HOSTILE_VERBOSE) process.stdout.write(`${name} ${line}\n`)
        const superlinear = g.ratio >= MAX_RATIO && g.steps.every((s) => s >= Math.SQRT2 * 2)
        return g.gaveUp || (worst >= FLOOR_MS && superlinear) ? line : undefined
      })
      if (line) slow.push(line)
    }
    expect(slow).toEqual([])
  })
})

describe('a capped check costs no more on a text far beyond its cap', () => {
  const cappedChecks = Object.entries(CHECKS).filter(([, c]) => c.cap !== undefined)
  it.each(cappedChecks.map(([name]) => name))('%s', (name) => {
    const check = CHECKS[name]!
    const cap = check.cap!
    const over: string[] = []
    for (const shapeName of ['questionMarks', 'dotsAfterUrl', 'wechatSpaced', 'newlines']) {
      // 100 times the cap, or 2 MB for the large caps (a 1 MB message is legal in WeChat)
      const far = Math.min(cap * 100, 2_000_000)
      const line = slowEveryTime(() => {
        const g = growth(check.run, withPrefix(check, SHAPES[shapeName]!), [cap, Math.round(Math.sqrt(cap * far)), far])
        const worst = g.perCall[2]!
        // Judged between the two sizes beyond the cap (sqrt(cap·far) and far), which both do
        // the capped work: a check that reads everything grows by sqrt(far/cap) (10 for 100×),
        // a capped one by about 1. The step from the cap itself is not judged: at exactly the
        // cap some shapes take a fast path (the text ends in a letter), beyond it they do the
        // capped scan, so that step is large for a correct check too.
        const beyond = g.steps[1] ?? g.ratio
        return g.gaveUp || (worst >= FLOOR_MS && beyond >= Math.max(3, Math.sqrt(far / cap) / 2)) ? `${shapeName}: ${g.perCall.map((t) => t.toFixed(3)).join(' / ')} ms` : undefined
      })
      if (line) over.push(line)
    }
    expect(over).toEqual([])
  })
})

/**
 * The same checks, judged by work instead of time, so the verdict is the same on any machine:
 * how many characters regular expressions read (each `exec`, which `test`, `match`, `replace`,
 * `split` and `matchAll` all go through, from where it starts to the end of its match, or to
 * the end of the text when it finds none).
 * An uncapped check hands over about as much as the text per pass: the count at 40k is about
 * 4 times that at 10k, and a loop that re-scans the rest of the text at each position (n²)
 * makes it 16. A capped check hands over no more on a text 100 times its cap than on one 10
 * times it. (What this cannot see, backtracking inside one regex, is what the timed tests
 * above and recheck's check of user patterns are for.)
 */
describe('the text handed to regular expressions grows linearly, and not at all beyond a cap', () => {
  const original = RegExp.prototype.exec
  let handed = 0
  beforeAll(() => {
    RegExp.prototype.exec = function (this: RegExp, text: string) {
      const from = this.global || this.sticky ? this.lastIndex : 0
      const found = original.call(this, text)
      // read up to the end of the match, or to the end of the text when there is none
      handed += Math.max(0, (found ? found.index + found[0].length : String(text).length) - from)
      return found
    }
  })
  afterAll(() => {
    RegExp.prototype.exec = original
  })
  const charsHanded = (run: (text: string) => unknown, text: string): number => {
    handed = 0
    run(text)
    return handed
  }

  it('the count sees a check that re-scans the rest of the text at each position', () => {
    const quadratic = (text: string) => [...text].filter((_, i) => /a$/.test(text.slice(i))).length
    expect(charsHanded(quadratic, fill('?', 4_000)) / charsHanded(quadratic, fill('?', 1_000))).toBeGreaterThan(15)
  })

  it.each(Object.keys(CHECKS))('%s', (name) => {
    const check = CHECKS[name]!
    const bad: string[] = []
    for (const [shapeName, shape] of Object.entries(SHAPES)) {
      const make = withPrefix(check, shape)
      if (check.cap === undefined) {
        const [small, large] = [charsHanded(check.run, make(10_000)), charsHanded(check.run, make(40_000))]
        if (large >= MAX_RATIO * Math.max(small, 10_000)) bad.push(`${shapeName}: ${small} chars at 10k, ${large} at 40k`)
      } else {
        const cap = check.cap
        const far = Math.min(cap * 100, 2_000_000)
        const [mid, most] = [charsHanded(check.run, make(Math.min(cap * 10, far))), charsHanded(check.run, make(far))]
        if (most > Math.max(mid * 1.5, 2 * cap)) bad.push(`${shapeName}: ${mid} chars at ${Math.min(cap * 10, far)}, ${most} at ${far}`)
      }
    }
    expect(bad).toEqual([])
  })
})
