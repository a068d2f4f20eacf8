/** `#FAQ` and `#误答`: declared here, handled by the FAQ plugin (index.ts). */
import { argNames, commandErrors } from '../../texts'
import { isProblem, problem, type Problem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { onlyId, restFrom } from '../../core/commands/parse-args'
import { parseId } from '../../core/commands/parse-id'
import { faqTexts } from './texts'

export type FaqAction =
  | { action: 'list' }
  | { action: 'add'; question: string; answer: string }
  | { action: 'edit'; id: string; answer: string }
  | { action: 'remove'; id: string }

const ADD = ['添加', 'add']
const EDIT = ['改', '修改', 'edit']
const REMOVE = ['删', '删除', 'remove', 'rm']

export const faqCommand = defineCommand({
  name: 'FAQ',
  alias: 'faq',
  role: 'operator',
  usage: faqTexts.faqUsage,
  description: faqTexts.faqDescription,
  parse(args): FaqAction | Problem {
    const word = args.tokens[0]
    if (!word) return { action: 'list' }
    const w = word.text.toLowerCase()
    if (ADD.includes(w)) {
      const rest = restFrom(args, 1)
      if (rest === undefined) return problem(faqTexts.missingQuestion)
      const at = rest.indexOf('||')
      if (at < 0) return problem(faqTexts.missingSeparator)
      const question = rest.slice(0, at).trim()
      const answer = rest.slice(at + 2).trim()
      if (!question) return problem(faqTexts.missingQuestion)
      if (!answer) return problem(faqTexts.missingAnswer)
      return { action: 'add', question, answer }
    }
    if (EDIT.includes(w) || REMOVE.includes(w)) {
      const token = args.tokens[1]
      if (!token) return problem(commandErrors.missing(argNames.id))
      const id = parseId(token.text, 'F')
      if (typeof id !== 'string') return id
      if (REMOVE.includes(w)) return args.tokens[2] ? problem(commandErrors.extra(args.tokens[2].text)) : { action: 'remove', id }
      const answer = restFrom(args, 2)
      return answer ? { action: 'edit', id, answer } : problem(faqTexts.missingAnswer)
    }
    return problem(faqTexts.unknownAction(word.text))
  },
})

export const wrongAnswerCommand = defineCommand({
  name: '误答',
  alias: 'wronganswer',
  role: 'operator',
  usage: faqTexts.wrongUsage,
  description: faqTexts.wrongDescription,
  parse(args) {
    const r = onlyId(args, 'Q')
    return isProblem(r) ? r : { questionId: r.id }
  },
})
