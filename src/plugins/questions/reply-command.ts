import { argNames, commandDescriptions, commandErrors, commandUsages } from '../../texts'
import { isProblem, problem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { required, restFrom } from '../../core/commands/parse-args'
import { parseId } from '../../core/commands/parse-id'

/** `#回复 Q3 …`: declared here, handled by the questions plugin (questions.ts). */
export const replyCommand = defineCommand({
  name: '回复',
  alias: 'reply',
  role: 'operator',
  usage: commandUsages.reply,
  description: commandDescriptions.reply,
  parse(args) {
    const token = required(args.tokens[0], argNames.questionId)
    if (isProblem(token)) return token
    const questionId = parseId(token.text, 'Q')
    if (typeof questionId !== 'string') return questionId
    const text = restFrom(args, 1)
    return text === undefined ? problem(commandErrors.missing(argNames.text)) : { questionId, text }
  },
})
