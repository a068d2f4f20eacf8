/**
 * How fast detectAd is with a big keyword list: 5,000 generated keywords (seeded, so every
 * run measures the same thing) plus the corpus policy, run over the corpus messages for
 * about two seconds. Run `npx tsx bench/rule-throughput.ts` to print the result as JSON.
 */
import { compileAds, detectAd } from '../src/core/ads/detect-ad'
import { loadCorpus } from './ads-corpus'
import { seededRng } from '../src/core/seeded-rng'

export interface ThroughputResult {
  messagesPerSecond: number
  p99Micros: number
  /** keywords in the compiled policy (generated + the corpus policy's own) */
  keywords: number
  compileMs: number
  messages: number
}

export interface ThroughputOptions {
  durationMs?: number
  keywordCount?: number
  seed?: number
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
  const { durationMs = 2000, keywordCount = 5000, seed = 20261123 } = options
  const corpus = loadCorpus()
  const keywords = [...corpus.policy.keywords, ...generateKeywords(keywordCount, seededRng(seed))]
  const policy = { ...corpus.policy, keywords }

  const compileStart = process.hrtime.bigint()
  const compiled = compileAds(policy)
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6

  const messages = corpus.messages.map((m) => m.message)
  const samples: number[] = []
  const start = process.hrtime.bigint()
  const budget = BigInt(Math.round(durationMs * 1e6))
  let elapsed = 0n
  while (elapsed < budget) {
    for (const message of messages) {
      const t0 = process.hrtime.bigint()
      detectAd(message, policy, compiled)
      samples.push(Number(process.hrtime.bigint() - t0) / 1000)
    }
    elapsed = process.hrtime.bigint() - start
  }
  samples.sort((a, b) => a - b)
  const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] ?? 0
  return {
    messagesPerSecond: Math.round(samples.length / (Number(elapsed) / 1e9)),
    p99Micros: Math.round(p99 * 10) / 10,
    keywords: keywords.length,
    compileMs: Math.round(compileMs * 10) / 10,
    messages: samples.length,
  }
}

if (require.main === module) {
  console.log(JSON.stringify(measureRuleThroughput(), null, 2))
}
