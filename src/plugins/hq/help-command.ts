import { commandErrors, commandDescriptions, commandUsages } from '../../texts'
import { problem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { extraAfter } from '../../core/commands/parse-args'

/** `#帮助 [命令]`: the registered commands, or one command's usage (the HQ router handles it). */
export const helpCommand = defineCommand({
  name: '帮助',
  alias: 'help',
  role: 'viewer',
  usage: commandUsages.help,
  description: commandDescriptions.help,
  parse(args): { topic?: string } | ReturnType<typeof problem> {
    const token = args.tokens[0]
    if (!token) return {}
    const spec = args.commands.find(token.text.replace(/^[#＃/]/, ''))
    if (!spec) return problem(commandErrors.unknownTopic(token.text))
    return extraAfter(args, 1) ?? { topic: spec.alias }
  },
})
