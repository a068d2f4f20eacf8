/**
 * How fast the ad detector is with a big keyword list: 5,000 generated keywords (seeded, so
 * every run measures the same thing) plus the corpus policy, run over the corpus messages
 * for about two seconds each: `assessAd` with the text model on (the headline figures),
 * `detectAd` (rules only), and a naive scan (`includes` for every keyword) of the same
 * keywords over the same texts, in the same run, for the ratio.
 * Run `npx tsx bench/rule-throughput.ts` to print the result as JSON.
 */
import { assessAd } from '../src/core/ads/assess-ad'
import type { TextScorer } from '../src/core/ads/deployment-model'
import { compileAds, detectAd, writtenText } from '../src/core/ads/detect-ad'
import { loadCorpus } from './ads-corpus'
import { seededRng } from '../src/core/seeded-rng'
import { rulesSchema } from '../src/config/schema'
import { bareCheck, compileRules, evaluateMessage, floodCheck, mentionsCheck, newcomerCheck, repeatCheck, type MessageInput } from '../src/core/rules'

interface Timing {
  /** per second of wall time */
  messagesPerSecond: number
  /** per second of this process's CPU time: what one core does, whatever else the machine runs */
  messagesPerCpuSecond: number
  p99Micros: number
  messages: number
}

export interface ThroughputResult {
  /** assessAd, model on */
  messagesPerSecond: number
  messagesPerCpuSecond: number
  p99Micros: number
  /** detectAd alone (the rules, no model) */
  rulesOnly: Timing
  /** `text.includes(keyword)` for every keyword: what a list of 5,000 costs done simply */
  naiveScan: Timing
  /**
   * issue 20: the repeat, mention-bomb and bare-contact checks together (all on, each message
   * a newcomer's in a group, so bare reads every text: its worst case; a member with
   * `bare.newcomerMessages` messages seen costs it nothing), over the same messages
   */
  harassmentChecks: Timing
  /**
   * issue 20's cost on the whole verdict, same run: `evaluateMessage` with the issue's rules
   * off (repeat, mentions, bare, newcomer) and on, every message a newcomer's whose join was
   * not seen (the newcomer check reads the ad findings: its worst case) with 20 message times
   * (the flood pass); `p99DeltaMicros` is on minus off
   */
  verdict: { off: Timing; on: Timing; p99DeltaMicros: number }
  /** assessAd's messages per CPU second over the naive scan's */
  ratioToNaive: number
  /** keywords in the compiled policy (generated + the corpus policy's own) */
  keywords: number
  compileMs: number
  messages: number
}

export interface ThroughputOptions {
  durationMs?: number
  keywordCount?: number
  seed?: number
  /** the text model `assessAd` scores with (default: the shipped one) */
  model?: TextScorer
}

export { seededRng } from '../src/core/seeded-rng'

const CJK_FIRST = 0x4e00
const CJK_COUNT = 0x9fa5 - 0x4e00 + 1

/** `count` distinct Chinese words of 2–4 characters. */
export function generateKeywords(count: number, rng: () => number): string[] {
  const words = new Set<string>()
  while (words.size < count) {
    const length = 2 + Math.floor(rng() * 3)
    let word = ''
    for (let i = 0; i < length; i++) word += String.fromCharCode(CJK_FIRST + Math.floor(rng() * CJK_COUNT))
    words.add(word)
  }
  return [...words]
}

export function measureRuleThroughput(options: ThroughputOptions = {}): ThroughputResult {
  const { durationMs = 2000, keywordCount = 5000, seed = 20261123, model } = options
  const corpus = loadCorpus()
  const keywords = [...corpus.policy.keywords, ...generateKeywords(keywordCount, seededRng(seed))]
  const policy = { ...corpus.policy, keywords }

  const compileStart = process.hrtime.bigint()
  const compiled = model ? compileAds(policy, model) : compileAds(policy)
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6

  const messages = corpus.messages.map((m) => m.message)
  const texts = messages.map(writtenText)
  // one pass of each first, so no figure carries the compiler's warm-up
  time(messages, 0, (m) => assessAd(m, policy, compiled))
  const rulesOnly = time(messages, durationMs, (m) => detectAd(m, policy, compiled))
  const assessed = time(messages, durationMs, (m) => assessAd(m, policy, compiled))
  let naiveHits = 0
  const naiveScan = time(texts, durationMs, (text) => {
    for (const keyword of keywords) if (text.includes(keyword)) naiveHits++
  })
  if (naiveHits < 0) throw new Error('unreachable: keeps the scan from being optimised away')
  const rules = rulesSchema.parse({ ads: corpus.policy, repeat: { enabled: true }, newcomer: { enabled: true } })
  const compiledRules = compileRules(rules)
  const inputs: MessageInput[] = messages.map((m) => {
    const message = { ...m, roomId: m.roomId ?? 'g1@chatroom' }
    const at = message.timestamp
    const history = [0, 1].map((i) => ({ roomId: message.roomId, at: at - i * 1000 }))
    const recentTimestamps = Array.from({ length: 20 }, (_, i) => at - (19 - i) * 700)
    return { message, policy: rules, compiled: compiledRules, exempt: false, strikes: 0, recentTimestamps, crossGroupHistory: history, messagesSeen: 1, known: { since: undefined }, now: at }
  })
  let found = 0
  const harassmentChecks = time(inputs, durationMs, (input) => {
    if (repeatCheck.offence(input)) found++
    if (mentionsCheck.offence(input)) found++
    if (bareCheck.offence(input)) found++
    if (floodCheck.offence(input)) found++
  })
  if (found < 0) throw new Error('unreachable')
  // the whole verdict, off and on; a fresh input each call, so the ad assessment is never a memo hit
  const offRules = rulesSchema.parse({ ads: corpus.policy, repeat: { enabled: false }, mentions: { enabled: false }, bare: { enabled: false }, newcomer: { enabled: false } })
  const offCompiled = compileRules(offRules)
  const offInputs = inputs.map((i) => ({ ...i, policy: offRules, compiled: offCompiled, known: undefined, messagesSeen: undefined }))
  const evaluate = (i: MessageInput) => {
    found += evaluateMessage({ ...i }).length
  }
  time(offInputs, 0, evaluate)
  time(inputs, 0, evaluate)
  const off = time(offInputs, durationMs, evaluate)
  const on = time(inputs, durationMs, evaluate)
  if (newcomerCheck.rule !== 'newcomer') throw new Error('unreachable')
  return {
    messagesPerSecond: assessed.messagesPerSecond,
    messagesPerCpuSecond: assessed.messagesPerCpuSecond,
    p99Micros: assessed.p99Micros,
    rulesOnly,
    naiveScan,
    harassmentChecks,
    verdict: { off, on, p99DeltaMicros: Math.round((on.p99Micros - off.p99Micros) * 10) / 10 },
    ratioToNaive: Math.round((assessed.messagesPerCpuSecond / naiveScan.messagesPerCpuSecond) * 10) / 10,
    keywords: keywords.length,
    compileMs: Math.round(compileMs * 10) / 10,
    messages: assessed.messages,
  }
}

/** Runs `fn` over `items` again and again for about `durationMs`, timing each call. */
export function time<T>(items: T[], durationMs: number, fn: (item: T) => unknown): Timing {
  const samples: number[] = []
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  const budget = BigInt(Math.round(durationMs * 1e6))
  let elapsed = 0n
  while (elapsed < budget) {
    for (const item of items) {
      const t0 = process.hrtime.bigint()
      fn(item)
      samples.push(Number(process.hrtime.bigint() - t0) / 1000)
    }
    elapsed = process.hrtime.bigint() - start
  }
  const cpu = process.cpuUsage(cpuStart)
  const total = samples.reduce((a, b) => a + b, 0)
  samples.sort((a, b) => a - b)
  const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] ?? 0
  // per-call time summed, not wall time: the timer's own cost is the same for every variant
  return {
    messagesPerSecond: Math.round(samples.length / (total / 1e6)),
    messagesPerCpuSecond: Math.round(samples.length / ((cpu.user + cpu.system) / 1e6)),
    p99Micros: Math.round(p99 * 10) / 10,
    messages: samples.length,
  }
}

if (require.main === module) {
  console.log(JSON.stringify(measureRuleThroughput(), null, 2))
}
