/**
 * npm run -s ads -- check FILE [--config FILE]
 * npm run -s ads -- learn FILE                   (scripts/ads-learn.ts)
 *
 * Runs the ad detector over an export: FILE holds JSON lines `{"text": "…"}` (other fields
 * ignored; `"kind": "url"` with `"url": {"url": "…", "description": "…"}` for a link card),
 * and each non-blank line gets one JSON line on stdout, in order:
 * `{"verdict": "ad"|"review"|"normal", "score": 0.93, "reasons": [...]}`.
 * The policy is `rules.ads` of `--config FILE`, else of the bot's configuration
 * (QUNHQ_CONFIG, else config/default.yaml, else the defaults). The model is the one the
 * deployment's bot scores with: the shipped model plus what the deployment learned (its
 * labelled store and learned model, on the Redis and prefix the bot uses), with the
 * near-duplicates of its labelled texts; stderr says which (`learned examples: 1,213
 * (prefix qunhq)`). With no Redis answering, the shipped model alone, and stderr says so.
 * A bad line gets `{"line": N, "error": "…"}` in its place and an error on stderr naming
 * its line; the command then finishes the file and exits 1. Usage errors exit 2.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { ConfigError, parseConfigText } from '../src/config/load-config'
import { applyLabels } from '../src/core/ads/apply-labels'
import { assessAd } from '../src/core/ads/assess-ad'
import { compileAds, writtenText, type AdsPolicy, type CompiledAds } from '../src/core/ads/detect-ad'
import type { NearDuplicateIndex } from '../src/core/ads/near-duplicate'
import type { InboundMessage } from '../src/core/types'
import { loadDeploymentAds } from '../src/plugins/rules/deployment-ads'
import type { LabelledText } from '../src/store/labelled-texts'
import { NoRedisError, openDeploymentStore, readDeploymentConfig } from './ads-deployment'
import { learn } from './ads-learn'

const USAGE = 'usage: npm run -s ads -- check FILE [--config FILE]\n       npm run -s ads -- learn FILE'

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** One export line as a message, or the reason it cannot be one. */
export function lineToMessage(raw: string, n: number): InboundMessage | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { error: 'invalid JSON' }
  }
  if (!isRecord(value)) return { error: 'expected an object like {"text": "…"}' }
  if (typeof value.text !== 'string') return { error: 'text must be a string' }
  const message: InboundMessage = {
    id: `line-${n}`, roomId: 'export@chatroom', fromId: 'export', fromName: '', fromAlias: undefined,
    kind: 'text', text: value.text, mentionIds: [], mentionsSelf: false, timestamp: 0,
  }
  if (value.kind === 'url') {
    const url = value.url
    if (!isRecord(url) || typeof url.url !== 'string') return { error: 'a link ("kind": "url") needs "url": {"url": "…"}' }
    message.kind = 'url'
    message.url = { title: typeof url.title === 'string' ? url.title : value.text, url: url.url, ...(typeof url.description === 'string' ? { description: url.description } : {}) }
  }
  return message
}

function readPolicy(configFile: string | undefined, bots: AdsPolicy): AdsPolicy {
  if (configFile === undefined) return bots
  if (!existsSync(configFile)) throw new ConfigError([`--config: file not found: ${configFile}`])
  return parseConfigText(readFileSync(configFile, 'utf8'), configFile).rules.ads
}

async function check(file: string, policy: AdsPolicy, compiled: CompiledAds, labels: NearDuplicateIndex<LabelledText> | undefined): Promise<number> {
  let failures = 0
  let n = 0
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  for await (const raw of lines) {
    n++
    if (raw.trim() === '') continue
    const message = lineToMessage(raw, n)
    if ('error' in message) {
      failures++
      process.stderr.write(`${file}:${n}: ${message.error}\n`)
      process.stdout.write(`${JSON.stringify({ line: n, error: message.error })}\n`)
      continue
    }
    // as the bot does: a near-duplicate of a labelled text answers first (apply-labels.ts)
    const written = writtenText(message)
    const nearest = written && policy.enabled ? labels?.match(written, policy.nearDuplicate) : undefined
    const match = nearest ? { label: nearest.item.label, source: nearest.item.source, similarity: nearest.similarity } : undefined
    const assessed = assessAd(message, policy, compiled)
    const { verdict, score, reasons } = policy.enabled ? applyLabels(assessed, match) : assessed
    process.stdout.write(`${JSON.stringify({ verdict, score, reasons })}\n`)
  }
  return failures
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'learn') {
    if (rest.length !== 1) {
      process.stderr.write(`${USAGE}\n`)
      return 2
    }
    return learn(rest[0]!)
  }
  let configFile: string | undefined
  const files: string[] = []
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--config') configFile = rest[++i]
    else files.push(rest[i]!)
  }
  if (command !== 'check' || files.length !== 1 || (rest.includes('--config') && configFile === undefined)) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const file = files[0]!
  if (!existsSync(file)) {
    process.stderr.write(`ads check: file not found: ${file}\n`)
    return 2
  }
  let policy: AdsPolicy
  let loaded
  try {
    loaded = readDeploymentConfig()
    policy = readPolicy(configFile, loaded.config.rules.ads)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ads check: bad configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`)
      return 2
    }
    throw err
  }
  const learned = await learnedState(loaded)
  const failures = await check(file, policy, learned ? compileAds(policy, learned.model) : compileAds(policy), learned?.index)
  if (failures > 0) process.stderr.write(`ads check: ${failures} bad line(s) in ${file}\n`)
  return failures > 0 ? 1 : 0
}

/** The deployment's learned state, or undefined (no Redis: the shipped model alone); stderr says which. */
async function learnedState(loaded: ReturnType<typeof readDeploymentConfig>) {
  let store
  try {
    store = await openDeploymentStore(loaded, { start: false, onBad: (key, problem) => process.stderr.write(`ads check: ${key}: ${problem}\n`) })
  } catch (err) {
    if (!(err instanceof NoRedisError)) throw err
    process.stderr.write(`ads check: ${err.message}: the shipped model alone, nothing learned\n`)
    return undefined
  }
  try {
    const state = await loadDeploymentAds(store.labelled, store.models)
    const how = state.examples === 0 ? '' : state.trainedHere ? ', model trained here from the store' : ', the model the bot trained'
    process.stderr.write(`ads check: learned examples: ${state.examples.toLocaleString('en-US')} (prefix ${store.prefix}${how})\n`)
    return state
  } finally {
    await store.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`ads check: ${err.message}\n`)
      process.exit(1)
    },
  )
}
