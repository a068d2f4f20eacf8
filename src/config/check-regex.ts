import type { Diagnostics } from 'recheck'
import { checkRegexNow } from './regex-agent'
import type { Config } from './schema'

/**
 * Operators write regular expressions into the config (`rules.nickname.pattern`, a group's
 * override of it, `questions.patterns`), and the bot runs them on text members control.
 * A pattern like `^(a+)+$` backtracks catastrophically: a 28-character nickname froze the
 * bot for ~5 s per check. `recheck` analyses a pattern in a few milliseconds and says
 * whether some input makes it super-linear, and how badly.
 *
 * The verdict weighs that against how long the texts the key is run on can be (each check
 * caps its input): exponential is always refused; polynomial of degree d is refused when
 * `maxInput ** d` passes STEP_BUDGET. So the default nickname pattern
 * `^\p{Script=Han}{2,}-.+-.+$` (quadratic, on names of at most 64 characters: ~4,000
 * steps) is fine, while `^(.*,){11}P` is not.
 */
const STEP_BUDGET = 10_000_000

/**
 * recheck's own time limit. When it runs out, or the pattern uses syntax recheck does not
 * model, the answer is "unknown": such a pattern is accepted with a warning in the log,
 * because refusing would stop the bot over a pattern that is most likely fine, and the
 * operator who wrote it is told to look at it.
 */
const ANALYSIS_TIMEOUT_MS = 2000

const MAX_CACHED = 256
const verdicts = new Map<string, Diagnostics>()

/** recheck's diagnosis, cached: config reloads re-check the same few patterns. */
function diagnose(source: string): Diagnostics {
  let d = verdicts.get(source)
  if (!d) {
    d = checkRegexNow(source, 'u', { timeout: ANALYSIS_TIMEOUT_MS })
    if (verdicts.size >= MAX_CACHED) verdicts.clear()
    verdicts.set(source, d)
  }
  return d
}

const advice = 'rewrite it without nested or overlapping repetition (正则可能灾难性回溯，会让机器人卡死)'

/**
 * Why `source` must be refused for a key whose texts are at most `maxInput` characters,
 * or undefined when it may be used. `source` must already compile with flag `u`.
 */
export function regexProblem(source: string, maxInput: number): string | undefined {
  const d = diagnose(source)
  if (d.status !== 'vulnerable') return undefined
  const attack = d.attack.string.length
  if (d.complexity.type === 'exponential') {
    return `pattern can take exponential time: an input of ${attack} characters can freeze the bot; ${advice}`
  }
  const degree = d.complexity.degree
  if (maxInput ** degree <= STEP_BUDGET) return undefined
  return `pattern can take polynomial time (degree ${degree}: about n^${degree} steps on a text of n characters, and this key reads up to ${maxInput}); ${advice}`
}

/** A warning when recheck could not decide about `source`, else undefined. */
export function regexWarning(source: string): string | undefined {
  const d = diagnose(source)
  if (d.status !== 'unknown') return undefined
  return `pattern could not be checked for catastrophic backtracking (${d.error.kind}); it is used, but make sure it has no nested or overlapping repetition`
}

/**
 * Warnings (`path: …`) for the user regexes of an accepted config that recheck could not
 * decide about. The keys are the ones the schema checks with `regex(…)`.
 */
export function regexWarnings(config: Config): string[] {
  const sources: Array<[string, string | undefined]> = [
    ['rules.nickname.pattern', config.rules.nickname.pattern],
    ...config.groups.list.map((g, i): [string, string | undefined] => [`groups.list[${i}].rules.nickname.pattern`, g.rules.nickname?.pattern]),
    ...config.questions.patterns.map((p, i): [string, string | undefined] => [`questions.patterns[${i}]`, p]),
  ]
  const out: string[] = []
  for (const [path, source] of sources) {
    const warning = source === undefined ? undefined : regexWarning(source)
    if (warning) out.push(`${path}: ${warning}`)
  }
  return out
}
