/** #潜水: declared here, handled by the silent-members removal (silent-removal.ts). */
import { commandDescriptions, commandErrors, commandUsages } from '../../texts'
import { isProblem, problem, type Problem, type Target } from '../../core/commands/arg-types'
import { defineCommand, type ParseArgs } from '../../core/commands/command-spec'
import { extraAfter } from '../../core/commands/parse-args'
import { parseTarget } from '../../core/commands/parse-target'
import { daySuffix } from '../../texts/syntax-words'

const daysPattern = new RegExp(`^(\\d{1,6})${daySuffix}?$`)

export const silentCommand = defineCommand({
  name: '潜水',
  alias: 'silent',
  role: 'viewer',
  usage: commandUsages.silent,
  description: commandDescriptions.silent,
  parse(args: ParseArgs): { target?: Target; days?: number } | Problem {
    let target: Target | undefined
    let days: number | undefined
    const tooMany = extraAfter(args, 2)
    if (tooMany) return tooMany
    for (const token of args.tokens) {
      const dayMatch = daysPattern.exec(token.text.normalize('NFKC'))
      if (dayMatch) {
        if (days !== undefined) return problem(commandErrors.duplicate(token.text))
        days = Number(dayMatch[1])
        if (days < 1) return problem(commandErrors.badDays(token.text))
        continue
      }
      if (/^[-+]?\d/.test(token.text.normalize('NFKC'))) return problem(commandErrors.badDays(token.text))
      if (target !== undefined) return problem(commandErrors.duplicate(token.text))
      const parsed = parseTarget(token.text)
      if (isProblem(parsed)) return parsed
      target = parsed
    }
    return { ...(target ? { target } : {}), ...(days !== undefined ? { days } : {}) }
  },
})
