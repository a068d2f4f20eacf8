/** #定时 #定时列表 #删除定时: declared here, handled by the schedules plugin (schedule-feature.ts). */
import { argNames, commandDescriptions, commandErrors, commandUsages } from '../../texts'
import { isProblem, problem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { noArgs, onlyId, required, restFrom } from '../../core/commands/parse-args'
import { defaultTimeZone } from '../../core/commands/parse-context'
import { parseTarget } from '../../core/commands/parse-target'
import { parseWhen, whenContinues } from '../../core/commands/parse-when'

export const scheduleCommand = defineCommand({
  name: '定时',
  alias: 'schedule',
  role: 'operator',
  usage: commandUsages.schedule,
  description: commandDescriptions.schedule,
  parse(args) {
    const first = required(args.tokens[0], argNames.when)
    if (isProblem(first)) return first
    const second = args.tokens[1]
    const whenTokens = second && whenContinues(first.text, second.text) ? 2 : 1
    const whenText = args.text.slice(first.start, args.tokens[whenTokens - 1]?.end ?? first.end)
    const when = parseWhen(whenText, args.context.timeZone ?? defaultTimeZone, args.context.now ?? -Infinity)
    if (when.kind === 'error') return problem(when.message)
    const targetToken = required(args.tokens[whenTokens], argNames.target)
    if (isProblem(targetToken)) return targetToken
    const target = parseTarget(targetToken.text)
    if (isProblem(target)) return target
    const text = restFrom(args, whenTokens + 1)
    return text === undefined ? problem(commandErrors.missing(argNames.text)) : { when, whenText, target, text }
  },
})

export const schedulesCommand = defineCommand({
  name: '定时列表',
  alias: 'schedules',
  role: 'viewer',
  usage: commandUsages.schedules,
  description: commandDescriptions.schedules,
  parse: noArgs,
})

export const unscheduleCommand = defineCommand({
  name: '删除定时',
  alias: 'unschedule',
  role: 'operator',
  usage: commandUsages.unschedule,
  description: commandDescriptions.unschedule,
  parse: (args) => onlyId(args, 'S'),
})
