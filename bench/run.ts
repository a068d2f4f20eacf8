/**
 * npm run bench: every benchmark, one JSON document on stdout (progress on stderr).
 * Figures vary with the machine; the README notes where they were measured.
 */
import { cpus, totalmem } from 'node:os'
import { evaluateCorpus } from './ads-corpus'
import { evaluateExternal, loadHeldOut } from './ads-external'
import { measureAdsLearning } from './ads-learning'
import { DEFAULT_EXTERNAL_DIR } from '../scripts/ads-data'
import { measurePacing } from './outbound-pacing'
import { measureAccounts } from './accounts-pacing'
import { measureRuleThroughput } from './rule-throughput'
import { measureRedisMemory } from './redis-memory'
import { measureWholeBot } from './whole-bot'
import { measureHostileText } from './hostile-text'
import { measureHostileScenario } from './hostile-scenario'
import { measureImageCost } from './image-cost'
import { measureImageMemory } from './image-memory'
import { measureConsoleGroups } from './console-groups'
import { measureRestartResume } from './restart-resume'
import { measureAccountsMemory, measureManyAccounts } from './accounts-memory'
import { measureVirtualClock } from './virtual-clock'
import { measureSop } from './sop'
import { measureFaq } from './faq'

async function main(): Promise<void> {
  const only = process.argv.slice(2)
  const want = (name: string) => only.length === 0 || only.includes(name)
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    at: new Date().toISOString(),
  }
  const step = async (name: string, fn: () => unknown) => {
    if (!want(name)) return
    process.stderr.write(`bench: ${name}…\n`)
    results[name] = await fn()
  }
  await step('adsCorpus', () => {
    const r = evaluateCorpus()
    return { ordinary: r.ordinary, ads: r.ads, precision: r.precision, recall: r.recall, truePositives: r.truePositives, falsePositives: r.falsePositives, falseNegatives: r.falseNegatives, reviewed: r.reviewed }
  })
  await step('adsExternal', () => {
    // the public data lives outside the project; without it this part is skipped, not failed
    const dir = process.env.ADS_DATA_DIR ?? DEFAULT_EXTERNAL_DIR
    const texts = loadHeldOut(dir)
    if (!texts) return { skipped: `${dir} not found: the held-out measure needs the public ads data (docs/ads.md; ADS_DATA_DIR=…)` }
    return evaluateExternal(texts, undefined, dir)
  })
  // issue 19: each source taught by half through `ads learn`, measured on the other half, beside a textbook baseline
  await step('adsLearning', () => measureAdsLearning(process.env.ADS_DATA_DIR ?? DEFAULT_EXTERNAL_DIR))
  await step('ruleThroughput', () => measureRuleThroughput({ keywordCount: 5000 }))
  await step('pacing', async () => ({
    at20ms: await measurePacing({ groups: 1000, minIntervalMs: 20 }),
    at50ms: await measurePacing({ groups: 1000, minIntervalMs: 50 }),
  }))
  await step('accounts', () => measureAccounts({ groups: 1000, minIntervalMs: 50 }))
  await step('wholeBot', async () => ({
    small: await measureWholeBot({ groups: 50, members: 200, messages: 5000 }),
    large: await measureWholeBot({ groups: 1000, members: 500, messages: 2000 }),
  }))
  await step('redisMemory', () => measureRedisMemory())
  await step('images', () => measureImageCost())
  await step('imageMemory', () => measureImageMemory())
  await step('hostileText', () => measureHostileText())
  await step('hostileScenario', () => measureHostileScenario())
  await step('console', () => measureConsoleGroups({ groups: 1000 }))
  await step('restart', () => measureRestartResume({ runs: 10 }))
  // issue 23: one idle account's process, the production build beside tsx and npm start
  await step('accountsMemory', async () => ({ oneAccountPerProcess: await measureAccountsMemory(), accountsInOneProcess: await measureManyAccounts() }))
  // issue 21: 30 simulated days of 20 groups with a daily schedule each, on the virtual clock
  await step('virtualClock', () => measureVirtualClock({ groups: 20, days: 30 }))
  // issue 21: 30 simulated days of 20 groups with a daily schedule, a group- and a member-anchored SOP timeline
  await step('sop', () => measureSop({ groups: 20, days: 30 }))
  // issue 22: the FAQ's precision and recall on its labelled set, and a question's cost against 2,000 entries
  await step('faq', () => measureFaq())
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.stack}\n`)
    process.exit(1)
  },
)
