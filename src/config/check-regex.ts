import type { Diagnostics, Parameters } from 'recheck'
import { checkRegexNow } from './regex-agent'

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
 * How recheck is run: every limit counts work, none counts time, so a pattern gets the same
 * verdict on a fast machine and on a loaded one. (With recheck's default clock limits a
 * degree-11 pattern that takes ~0.5 s to analyse came back "timeout", and was accepted,
 * on a CI machine at load 17; and the fuzz checker's attack "succeeds" when a run outlasts
 * `attackTimeout`, which on a slow machine flags patterns a fast one passes.)
 *
 * `attackLimit` is the work that counts as an attack succeeding: 10^6 characters read by
 * recheck's matcher, a tenth of STEP_BUDGET; at recheck's default (1.5 * 10^9) an attack on a
 * pattern with a back-reference runs for minutes. The seed is recheck's default, fixed.
 * The recall validation (which replays the attack on a clock) stays off, as by default.
 */
export const RECHECK_PARAMS = {
  timeout: null,
  attackTimeout: null,
  incubationTimeout: null,
  seedingTimeout: null,
  recallTimeout: -1,
  attackLimit: 1_000_000,
  randomSeed: 0,
} as const satisfies Parameters

/**
 * The one clock limit left: a ceiling no pattern a person writes comes near (the slowest
 * seen, `^(\p{L}+-?){1,20}$`, takes ~5 s), so a machine stuck in the analysis still starts.
 * Reaching it refuses the pattern (never accepts it): a verdict that depended on the
 * machine's speed may only ever be the safe one.
 */
const ANALYSIS_CEILING_MS = 120_000

const MAX_CACHED = 256
const verdicts = new Map<string, Diagnostics>()

/** recheck's diagnosis, cached: config reloads re-check the same few patterns. */
function diagnose(source: string, ceilingMs: number): Diagnostics {
  let d = verdicts.get(source)
  if (!d) {
    d = checkRegexNow(source, 'u', { ...RECHECK_PARAMS, timeout: ceilingMs })
    // a verdict cut short by the clock is not kept: it says nothing about the pattern
    if (d.status === 'unknown' && d.error.kind === 'timeout') return d
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
export function regexProblem(source: string, maxInput: number, ceilingMs = ANALYSIS_CEILING_MS): string | undefined {
  const d = diagnose(source, ceilingMs)
  if (d.status === 'unknown' && d.error.kind === 'timeout') {
    return `pattern could not be checked for catastrophic backtracking within ${ceilingMs / 1000} s, so it is refused; ${advice}`
  }
  if (d.status !== 'vulnerable') return undefined
  const attack = d.attack.string.length
  if (d.complexity.type === 'exponential') {
    return `pattern can take exponential time: an input of ${attack} characters can freeze the bot; ${advice}`
  }
  const degree = d.complexity.degree
  if (maxInput ** degree <= STEP_BUDGET) return undefined
  return `pattern can take polynomial time (degree ${degree}: about n^${degree} steps on a text of n characters, and this key reads up to ${maxInput}); ${advice}`
}

/**
 * A warning when recheck could not decide about `source` (it uses syntax recheck does not
 * model), else undefined. Such a pattern is accepted: refusing would stop the bot over a
 * pattern that is most likely fine, and the operator who wrote it is told to look at it.
 * Syntax is the same on every machine, so this verdict is too.
 */
export function regexWarning(source: string): string | undefined {
  const d = diagnose(source, ANALYSIS_CEILING_MS)
  if (d.status !== 'unknown') return undefined
  return `pattern could not be checked for catastrophic backtracking (${d.error.kind}); it is used, but make sure it has no nested or overlapping repetition`
}
