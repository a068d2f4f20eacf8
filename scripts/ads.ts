/**
 * npm run -s ads -- check FILE [--config FILE]
 *
 * Runs the ad detector over an export: FILE holds JSON lines `{"text": "…"}` (other fields
 * ignored; `"kind": "url"` with `"url": {"url": "…", "description": "…"}` for a link card),
 * and each non-blank line gets one JSON line on stdout, in order:
 * `{"verdict": "ad"|"review"|"normal", "score": 0.93, "reasons": [...]}`.
 * The policy is `rules.ads` of the configuration's defaults, or of `--config FILE`.
 * A bad line gets `{"line": N, "error": "…"}` in its place and an error on stderr naming
 * its line; the command then finishes the file and exits 1. Usage errors exit 2.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { ConfigError, parseConfigObject, parseConfigText } from '../src/config/load-config'
import { assessAd } from '../src/core/ads/assess-ad'
import { compileAds, type AdsPolicy, type CompiledAds } from '../src/core/ads/detect-ad'
import type { InboundMessage } from '../src/core/types'

const USAGE = 'usage: npm run -s ads -- check FILE [--config FILE]'

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

function readPolicy(configFile: string | undefined): AdsPolicy {
  if (configFile === undefined) return parseConfigObject({}).rules.ads
  if (!existsSync(configFile)) throw new ConfigError([`--config: file not found: ${configFile}`])
  return parseConfigText(readFileSync(configFile, 'utf8'), configFile).rules.ads
}

async function check(file: string, policy: AdsPolicy, compiled: CompiledAds): Promise<number> {
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
    const { verdict, score, reasons } = assessAd(message, policy, compiled)
    process.stdout.write(`${JSON.stringify({ verdict, score, reasons })}\n`)
  }
  return failures
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
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
  try {
    policy = readPolicy(configFile)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ads check: bad configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`)
      return 2
    }
    throw err
  }
  const failures = await check(file, policy, compileAds(policy))
  if (failures > 0) process.stderr.write(`ads check: ${failures} bad line(s) in ${file}\n`)
  return failures > 0 ? 1 : 0
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
