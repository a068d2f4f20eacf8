import { regexWarning } from './check-regex'
import type { Config } from './schema'

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
