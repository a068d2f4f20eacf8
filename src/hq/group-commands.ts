import { groupLabel } from '../core/groups'
import { resolveTarget } from '../core/targets'
import type { AppContext, Feature } from '../feature'
import { hqMessages } from '../messages'

/** #群列表 #标签 #规则 */
export function groupCommands(ctx: AppContext): Feature {
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
    return call.reply(hqMessages.notYetAvailable('#规则 查看'))
  })

  return { name: 'group-commands' }
}
