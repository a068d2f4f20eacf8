import { randomInt } from 'node:crypto'
import type { AppContext } from '../../feature'
import { commandErrors, commandUsages } from '../../texts/commands'
import { entryMessages } from './texts'
import type { EntryCodes } from '../../store/entry-codes'
import { makeCodes } from './codes'
import { argNames, commandDescriptions } from '../../texts/commands'
import { isProblem, problem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { extraAfter, isWord, required } from '../../core/commands/parse-args'
import { parseTarget } from '../../core/commands/parse-target'
import { codesActionWords } from '../../texts/syntax-words'

const DAY = 86_400_000

/** the most codes one command may make (config `entry.codes.maxBatch` may set fewer) */
export const MAX_CODES_PER_COMMAND = 500

/** `#入群码 生成 20 标签:训练营` */
export const codesCommand = defineCommand({
  name: '入群码',
  alias: 'codes',
  role: 'operator',
  usage: commandUsages.codes,
  description: commandDescriptions.codes,
  parse(args) {
    const action = required(args.tokens[0], argNames.codesAction)
    if (isProblem(action)) return action
    if (!isWord(action.text, codesActionWords.make)) return problem(commandErrors.badCodesAction(action.text))
    const countToken = required(args.tokens[1], argNames.count)
    if (isProblem(countToken)) return countToken
    const digits = countToken.text.normalize('NFKC')
    const count = /^\d{1,4}$/.test(digits) ? Number(digits) : NaN
    if (!(count >= 1 && count <= MAX_CODES_PER_COMMAND)) return problem(commandErrors.badCodeCount(countToken.text, MAX_CODES_PER_COMMAND))
    const targetToken = required(args.tokens[2], argNames.target)
    if (isProblem(targetToken)) return targetToken
    const target = parseTarget(targetToken.text)
    if (isProblem(target)) return target
    return extraAfter(args, 3) ?? { count, target, targetText: targetToken.text }
  },
})

/**
 * `#入群码 生成 20 标签:训练营`: one-time codes, shown to HQ. They are the paid threshold, so
 * they come from crypto randomness (a seeded rng would make them guessable).
 */
export function registerCodesCommand(ctx: AppContext, codes: EntryCodes, pick: (n: number) => number = (n) => randomInt(n)): void {
  ctx.commands.register(codesCommand, async (call) => {
    const { count, targetText } = call.command
    const cfg = ctx.config().entry.codes
    if (count > cfg.maxBatch) return call.reply(commandErrors.withUsage(commandErrors.badCodeCount(String(count), cfg.maxBatch), commandUsages.codes))
    const made = makeCodes(count, pick)
    await codes.add(made, targetText, call.message.fromId, ctx.now(), cfg.ttlDays * DAY)
    return call.reply(entryMessages.hq.codesMade(count, targetText, cfg.ttlDays, made))
  })
}
