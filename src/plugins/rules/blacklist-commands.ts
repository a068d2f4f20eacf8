import { roleHolders } from '../../core/roles'
import { localTime } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { ruleActionMessages } from '../../texts/rules'
import { commandAsTyped, resolveWho } from './resolve-member'
import type { RuleActions } from './rule-actions'
import { argNames, commandDescriptions, commandErrors, commandUsages } from '../../texts'
import { isProblem, problem, type ContactRef, type Problem } from '../../core/commands/arg-types'
import { defineCommand, type ParseArgs } from '../../core/commands/command-spec'
import { extraAfter, noArgs, required, restFrom } from '../../core/commands/parse-args'
import { parseContactRef } from './parse-contact-ref'

/** `<联系人id或@某人> [原因]`: whom, and why (to the end of the message) */
export function whoAndReason(args: ParseArgs): { who: ContactRef; reason?: string } | Problem {
    const token = required(args.tokens[0], argNames.contact)
    if (isProblem(token)) return token
    const who = parseContactRef(token.text)
    if (isProblem(who)) return who
  const reason = restFrom(args, 1)
  return reason === undefined ? { who } : { who, reason }
}

export const banCommand = defineCommand({
  name: '黑名单',
  alias: 'ban',
  role: 'admin',
  usage: commandUsages.ban,
  description: commandDescriptions.ban,
  parse: whoAndReason,
})

export const unbanCommand = defineCommand({
  name: '解除黑名单',
  alias: 'unban',
  role: 'admin',
  usage: commandUsages.unban,
  description: commandDescriptions.unban,
  parse(args) {
    const token = required(args.tokens[0], argNames.contact)
    if (isProblem(token)) return token
    const who = parseContactRef(token.text)
    if (isProblem(who)) return who
    if (who.kind !== 'id') return problem(commandErrors.needContactId(token.text))
    return extraAfter(args, 1) ?? { contactId: who.id }
  },
})

export const bansCommand = defineCommand({
  name: '黑名单列表',
  alias: 'bans',
  role: 'viewer',
  usage: commandUsages.bans,
  description: commandDescriptions.bans,
  parse: noArgs,
})

/** `YYYY-MM-DD HH:MM` in the configured time zone. */
export function formatWhen(at: number, timeZone: string): string {
  const t = localTime(at, timeZone)
  const hh = String(Math.floor(t.minutes / 60)).padStart(2, '0')
  const mm = String(t.minutes % 60).padStart(2, '0')
  return `${t.date} ${hh}:${mm}`
}

/**
 * #黑名单 #解除黑名单 #黑名单列表 (HQ). A ban is an operator's decision: it is carried out
 * even in groups under `rules.dryRun` (dry-run is for the automatic rules).
 */
export function registerBlacklistCommands(ctx: AppContext, actions: RuleActions): void {
  const { blacklist } = actions.stores

  ctx.commands.register(banCommand, async (call) => {
    const command = commandAsTyped(ctx, call)
    const who = await resolveWho(ctx, call, command.who, await ctx.view.members(call.roomId))
    if ('problem' in who) return call.reply(who.problem)
    if (who.id === ctx.view.selfId() || roleHolders(ctx.config()).has(who.id)) return call.reply(ruleActionMessages.banRefused(who.name))
    const existing = await blacklist.get(who.id)
    if (existing) {
      return call.reply(ruleActionMessages.alreadyBanned(existing.name, existing.id, formatWhen(existing.at, ctx.config().timezone), existing.reason))
    }
    const reason = command.reason ?? ''
    await call.reply(ruleActionMessages.banned(who.name, who.id, command.reason))
    await actions.addToBlacklist({ id: who.id, name: who.name, reason, by: call.message.fromId, at: ctx.now() }, { human: true })
  })

  ctx.commands.register(unbanCommand, async (call) => {
    const id = call.command.contactId
    const removed = await blacklist.remove(id)
    if (!removed) return call.reply(ruleActionMessages.notBanned(id))
    await actions.audit({ action: 'unblacklist', memberId: id, by: call.message.fromId, why: removed.reason })
    return call.reply(ruleActionMessages.unbanned(removed.name, id))
  })

  ctx.commands.register(bansCommand, async (call) => {
    const tz = ctx.config().timezone
    const rows = (await blacklist.list()).map((e) => ({ id: e.id, name: e.name, reason: e.reason, when: formatWhen(e.at, tz), by: e.by }))
    return call.reply(ruleActionMessages.bansList(rows))
  })
}
