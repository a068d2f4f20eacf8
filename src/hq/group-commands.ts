import { groupLabel } from '../core/groups'
import { resolveTarget } from '../core/targets'
import { effectivePolicy } from '../core/rules'
import type { AppContext, Feature } from '../feature'
import { hqMessages } from '../messages'

/**
 * #群列表 #标签 #规则. `nicknameAudit` is the rules feature's audit of one group (its text,
 * undefined where the rule is off), passed in so HQ does not import the rules feature.
 */
export function groupCommands(ctx: AppContext, opts: { nicknameAudit(roomId: string): Promise<string | undefined> }): Feature {
  ctx.commands.register('groups', async (call) => {
    const all = await ctx.groups()
    const groups = call.command.target ? resolveTarget(call.command.target, all).groups : all
    return call.reply(
      hqMessages.groupsList(groups.map((g) => ({ label: groupLabel(g), members: g.memberCount, tags: g.tags, health: hqMessages.groupHealth(g) }))),
    )
  })

  ctx.commands.register('tag', async (call) => {
    const name = call.command.group
    const group = (await ctx.groups()).find((g) => g.key === name || g.topic === name || g.roomId === name)
    if (!group) return call.reply(hqMessages.tagUnknownGroup(name))
    const tags = [...new Set([...group.tags.filter((t) => !call.command.remove.includes(t)), ...call.command.add])]
    await ctx.registry.setTags(group.roomId, tags)
    return call.reply(hqMessages.tagChanged(groupLabel(group), tags))
  })

  ctx.commands.register('rules', async (call) => {
    if (call.command.action === 'reload') {
      if (!ctx.reloadConfig) return call.reply(hqMessages.reloadNoFile)
      const problems = await ctx.reloadConfig()
      return call.reply(problems ? hqMessages.reloadRefused(problems) : hqMessages.reloadOk)
    }
    const all = await ctx.groups()
    const name = call.command.group
    const group = name ? all.find((g) => g.key === name || g.topic === name || g.roomId === name) : undefined
    if (name && !group) return call.reply(hqMessages.tagUnknownGroup(name))
    const policy = effectivePolicy(ctx.config().rules, group?.entry?.rules)
    const lines = [hqMessages.rulesSummary(group ? groupLabel(group) : undefined, policy)]
    if (group) {
      const audit = await opts.nicknameAudit(group.roomId)
      if (audit !== undefined) lines.push(audit)
    }
    return call.reply(lines.join('\n'))
  })

  return { name: 'group-commands' }
}
