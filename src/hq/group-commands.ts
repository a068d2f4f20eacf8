import { groupLabel } from '../core/groups'
import { resolveTarget } from '../core/targets'
import { effectivePolicy } from '../core/rules'
import { definePlugin, type PluginContext } from '../plugin'
import { hqMessages } from '../messages'

/**
 * #群列表 #标签 #规则. `#规则 查看` adds the rules plugin's nickname audit of the group (its
 * text, undefined where the rule is off): the service `nicknameAudit`, read at each call.
 */
function applyGroupCommands(ctx: PluginContext): void {
  const opts = { nicknameAudit: async (roomId: string) => (await ctx.service('nicknameAudit')(roomId))?.text }
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
}

/** #群列表 #标签 #规则 */
export const groupCommandsPlugin = definePlugin({ name: 'group-commands', inject: ['nicknameAudit'], apply: applyGroupCommands })
