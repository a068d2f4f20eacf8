import { resolveTarget } from '../../core/targets'
import { shownName } from '../../core/rules'
import type { AppContext } from '../../feature'
import { ruleActionMessages } from '../../texts/rules'
import { limitMessages } from '../../texts/limits'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'
import { commandAsTyped, resolveWho } from './resolve-member'
import type { RuleActions } from './rule-actions'
import { argNames, commandDescriptions, commandUsages } from '../../texts'
import { isProblem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { extraAfter, required } from '../../core/commands/parse-args'
import { parseContactRef } from './parse-contact-ref'
import { parseTarget } from '../../core/commands/parse-target'
import { whoAndReason } from './blacklist-commands'

export const warnCommand = defineCommand({
  name: '警告',
  alias: 'warn',
  role: 'admin',
  leaderInOwnGroup: true,
  usage: commandUsages.warn,
  description: commandDescriptions.warn,
  parse: whoAndReason,
})

export const removeCommand = defineCommand({
  name: '移出',
  alias: 'remove',
  role: 'admin',
  leaderInOwnGroup: true,
  usage: commandUsages.remove,
  description: commandDescriptions.remove,
  parse(args) {
    const token = required(args.tokens[0], argNames.contact)
    if (isProblem(token)) return token
    const who = parseContactRef(token.text)
    if (isProblem(who)) return who
    const targetToken = args.tokens[1]
    if (!targetToken) return { who }
    const target = parseTarget(targetToken.text)
    if (isProblem(target)) return target
    return extraAfter(args, 2) ?? { who, target }
  },
})

/**
 * #警告 and #移出. A group leader uses both inside their own group (the router checks that
 * and passes `role: undefined`); an HQ admin uses #移出 with a contact and optional target
 * groups. These are people's decisions, so they are carried out even under `rules.dryRun`.
 */
export function registerLeaderCommands(ctx: AppContext, actions: RuleActions): void {
  ctx.commands.register(warnCommand, async (call) => {
    if (call.role !== undefined) return call.reply(ruleActionMessages.warnInGroupOnly)
    const scope = await scopeOf(ctx, call.roomId)
    if (!scope) return
    const command = commandAsTyped(ctx, call)
    const who = await resolveWho(ctx, call, command.who, await ctx.view.members(call.roomId))
    if ('problem' in who) return call.reply(who.problem)
    if (scope.exempt(who.id)) return call.reply(ruleActionMessages.exemptRefused(who.name))
    const text = ruleActionMessages.leaderWarning(command.reason)
    const max = ctx.config().outbound.maxTextLength
    if (text.length > max) return call.reply(limitMessages.textTooLong(limitMessages.warningText, text.length, max))
    // a leader's warning counts as a strike: the next ad goes one step further
    await actions.stores.strikes.addSpam(who.id)
    const jobId = jobIdPart(`leader-warn-${call.message.id}`)
    await ctx.act({ type: 'say', to: call.roomId, text, mentionIds: [who.id] }, 'moderation', { jobId })
    await actions.audit({ action: 'warn', roomId: call.roomId, memberId: who.id, by: call.message.fromId, why: command.reason ?? '群负责人警告', jobId })
  })

  ctx.commands.register(removeCommand, async (call) => {
    const command = commandAsTyped(ctx, call)
    const byName = call.message.fromAlias ?? call.message.fromName
    if (call.role === undefined) {
      // a leader, in their own group
      if (command.target) return call.reply(ruleActionMessages.leaderOwnGroupOnly)
      const scope = await scopeOf(ctx, call.roomId)
      if (!scope) return
      const members = await ctx.view.members(call.roomId)
      const who = await resolveWho(ctx, call, command.who, members)
      if ('problem' in who) return call.reply(who.problem)
      if (!members.some((m) => m.id === who.id)) return call.reply(ruleActionMessages.memberNotFound(who.name))
      if (scope.exempt(who.id)) return call.reply(ruleActionMessages.exemptRefused(who.name))
      await actions.removeMember(
        scope,
        {
          cause: 'leader',
          memberId: who.id,
          memberName: who.name,
          reason: '',
          by: call.message.fromId,
          byName,
          notice: { text: ruleActionMessages.removedByLeaderNotice(who.name), mentionIds: [] },
        },
        `leader-rm-${call.message.id}`,
      )
      return
    }
    // HQ: from the target groups, or every managed group the contact is in
    const groups = await ctx.groups()
    const targets = command.target ? resolveTarget(command.target, groups).groups : groups
    const who = await resolveWho(ctx, call, command.who, await ctx.view.members(call.roomId))
    if ('problem' in who) return call.reply(who.problem)
    const found: { scope: GroupScope; name: string }[] = []
    let refused = false
    for (const g of targets) {
      const member = (await ctx.view.members(g.roomId)).find((m) => m.id === who.id)
      if (!member) continue
      const scope = await scopeOf(ctx, g.roomId, groups)
      if (!scope) continue
      if (scope.exempt(who.id)) {
        refused = true
        continue
      }
      found.push({ scope, name: shownName(member) })
    }
    if (found.length === 0) return call.reply(refused ? ruleActionMessages.exemptRefused(who.name) : ruleActionMessages.hqRemoveNone(who.name, who.id))
    await call.reply(ruleActionMessages.hqRemoveQueued(who.name, who.id, found.map((f) => f.scope.label)))
    for (const { scope, name } of found) {
      await actions.removeMember(
        scope,
        { cause: 'hq', memberId: who.id, memberName: name, reason: '', by: call.message.fromId, byName },
        `hq-rm-${call.message.id}-${scope.roomId}`,
      )
    }
  })
}
