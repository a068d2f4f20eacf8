import { parse as parseYaml, YAMLParseError } from 'yaml'
import type { z } from 'zod'
import { regexWarnings } from './regex-warnings'
import { mediaFileProblems, mediaIdProblems } from './media-schema'
import { configSchema, type Config } from './schema'
import { envSchema, type Env } from './env'

/** A config that cannot be used. `problems` holds one line per bad key, each starting with its path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
  }
}

/** `a.b[2].c` from zod's path array. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out || '(root)'
}

export function issuesToProblems(issues: ReadonlyArray<z.core.$ZodIssue>, prefix = ''): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path)
    const where = prefix ? (path === '(root)' ? prefix : `${prefix}.${path}`) : path
    const message =
      issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys.join(', ')}` : issue.message
    return `${where}: ${message}`
  })
}

/** Parse and check an already-decoded config object (a YAML document or a scenario's `config:`). */
export function parseConfigObject(raw: unknown, prefix = ''): Config {
  const result = configSchema.safeParse(raw ?? {})
  if (!result.success) throw new ConfigError(issuesToProblems(result.error.issues, prefix))
  const problems = crossCheck(result.data).map((p) => (prefix ? `${prefix}.${p}` : p))
  if (problems.length) throw new ConfigError(problems)
  return result.data
}

/** Parse YAML text; `source` names the file in error messages. */
export function parseConfigText(text: string, source: string): Config {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    const e = err as YAMLParseError
    throw new ConfigError([`${source}: YAML error: ${e.message.split('\n')[0]}`])
  }
  return parseConfigObject(raw)
}

/** Checks between keys that a per-key schema cannot express. */
function crossCheck(config: Config): string[] {
  const problems: string[] = []
  const seenKeys = new Map<string, number>()
  const seenRooms = new Map<string, number>()
  config.groups.list.forEach((g, i) => {
    if (g.key !== undefined) {
      const first = seenKeys.get(g.key)
      if (first !== undefined) problems.push(`groups.list[${i}].key: "${g.key}" is already used by groups.list[${first}]`)
      else seenKeys.set(g.key, i)
    }
    const firstRoom = seenRooms.get(g.room)
    if (firstRoom !== undefined) problems.push(`groups.list[${i}].room: "${g.room}" is already listed at groups.list[${firstRoom}]`)
    else seenRooms.set(g.room, i)
    if (config.hq.rooms.includes(g.room)) problems.push(`groups.list[${i}].room: "${g.room}" is an HQ room; HQ is never a managed group`)
  })
  const seenSchedules = new Set<string>()
  config.schedules.forEach((s, i) => {
    if (seenSchedules.has(s.id)) problems.push(`schedules[${i}].id: "${s.id}" is used twice`)
    seenSchedules.add(s.id)
  })
  // texts that would go out longer than WeChat takes are refused at load, not cut at send
  const max = config.outbound.maxTextLength
  const tooLong = (path: string, text: string | undefined) => {
    if (text !== undefined && text.length > max) problems.push(`${path}: ${text.length} characters, more than outbound.maxTextLength (${max})`)
  }
  problems.push(...mediaIdProblems({ dir: config.mediaDir, items: config.media }))
  config.schedules.forEach((s, i) => tooLong(`schedules[${i}].text`, s.text))
  tooLong('rules.welcome.text', config.rules.welcome.text)
  config.groups.list.forEach((g, i) => tooLong(`groups.list[${i}].rules.welcome.text`, g.rules.welcome?.text))
  return problems
}

export interface LoadedConfig {
  env: Env
  config: Config
  /** the config file read, or undefined when only built-in defaults are in use */
  configPath: string | undefined
  /** `path: …` lines to log: accepted, but worth an operator's look (a regex recheck could not decide about) */
  warnings: string[]
}

/** The media library's files that are not there (`media[2].file: file not found: …`). */
export function checkMediaFiles(config: Config, exists: (path: string) => boolean, prefix = ''): void {
  const problems = mediaFileProblems({ dir: config.mediaDir, items: config.media }, exists)
  if (problems.length) throw new ConfigError(problems.map((p) => (prefix ? `${prefix}.${p}` : p)))
}

/**
 * Pure: the environment and a file reader are passed in (and whether a file exists, for the
 * media library; by default, whether it reads). `QUNHQ_CONFIG` names the file; without it
 * `config/default.yaml` is used when it exists.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string | undefined,
  fileExists: (path: string) => boolean = (path) => readFile(path) !== undefined,
): LoadedConfig {
  const envResult = envSchema.safeParse(env)
  if (!envResult.success) throw new ConfigError(issuesToProblems(envResult.error.issues, 'env'))
  const parsedEnv = envResult.data
  const configPath = parsedEnv.QUNHQ_CONFIG ?? 'config/default.yaml'
  const text = readFile(configPath)
  if (text === undefined) {
    if (parsedEnv.QUNHQ_CONFIG) throw new ConfigError([`env.QUNHQ_CONFIG: file not found: ${configPath}`])
    const config = parseConfigObject({})
    return { env: parsedEnv, config, configPath: undefined, warnings: regexWarnings(config) }
  }
  const config = parseConfigText(text, configPath)
  checkMediaFiles(config, fileExists)
  return { env: parsedEnv, config, configPath, warnings: regexWarnings(config) }
}
