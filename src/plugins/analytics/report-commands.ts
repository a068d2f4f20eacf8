/** #报告 #积分榜: declared here, handled by the reports (reports.ts). */
import { commandDescriptions, commandUsages } from '../../texts'
import { defineCommand } from '../../core/commands/command-spec'
import { optionalTarget } from '../../core/commands/parse-args'

export const reportCommand = defineCommand({
  name: '报告',
  alias: 'report',
  role: 'viewer',
  usage: commandUsages.report,
  description: commandDescriptions.report,
  parse: optionalTarget,
})

export const pointsCommand = defineCommand({
  name: '积分榜',
  alias: 'points',
  role: 'viewer',
  usage: commandUsages.points,
  description: commandDescriptions.points,
  parse: optionalTarget,
})
