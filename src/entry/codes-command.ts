import { randomInt } from 'node:crypto'
import type { AppContext } from '../feature'
import { commandErrors, commandUsages } from '../messages/commands'
import { entryMessages } from '../messages/entry'
import type { EntryCodes } from '../store/entry-codes'
import { makeCodes } from './codes'

const DAY = 86_400_000

/**
 * `#入群码 生成 20 标签:训练营`: one-time codes, shown to HQ. They are the paid threshold, so
 * they come from crypto randomness (a seeded rng would make them guessable).
 */
export function registerCodesCommand(ctx: AppContext, codes: EntryCodes, pick: (n: number) => number = (n) => randomInt(n)): void {
  ctx.commands.register('codes', async (call) => {
    const { count, targetText } = call.command
    const cfg = ctx.config().entry.codes
    if (count > cfg.maxBatch) return call.reply(commandErrors.withUsage(commandErrors.badCodeCount(String(count), cfg.maxBatch), commandUsages.codes))
    const made = makeCodes(count, pick)
    await codes.add(made, targetText, call.message.fromId, ctx.now(), cfg.ttlDays * DAY)
    return call.reply(entryMessages.hq.codesMade(count, targetText, cfg.ttlDays, made))
  })
}
