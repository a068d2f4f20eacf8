import { groupLabel } from '../../core/groups'
import { resolveTarget } from '../../core/targets'
import { effectivePolicy } from '../../core/rules'
import { definePlugin, type PluginContext } from '../../plugin'
import { hqMessages } from '../../texts'
import { argNames, commandDescriptions, commandErrors, commandUsages } from '../../texts'
import { isProblem, problem } from '../../core/commands/arg-types'
import { defineCommand } from '../../core/commands/command-spec'
import { extraAfter, isWord, optionalTarget, required } from '../../core/commands/parse-args'
import { groupName } from '../../core/commands/parse-target'
import { rulesActionWords } from '../../texts/syntax-words'

export const groupsCommand = defineCommand({
  name: '群列表',
  alias: 'groups',
  role: 'viewer',
  usage: commandUsages.groups,
  description: commandDescriptions.groups,
  parse: optionalTarget,
})

const plusMinus = /^([+＋]|[-－])([^]*)$/

export const tagCommand = defineCommand({
  name: '标签',
  alias: 'tag',
  role: 'operator',
  usage: commandUsages.tag,
  description: commandDescriptions.tag,
  parse(args) {
    const groupToken = required(args.tokens[0], argNames.group)
    if (isProblem(groupToken)) return groupToken
    const group = groupName(groupToken.text)
    if (group === '') return problem(commandErrors.missing(argNames.group))
    if (args.tokens.length < 2) return problem(commandErrors.missing(argNames.tagEdits))
    const add = new Set<string>()
    const remove = new Set<string>()
    for (const token of args.tokens.slice(1)) {
      const match = plusMinus.exec(token.text)
      if (!match) return problem(commandErrors.badTagEdit(token.text))
      const tags = (match[2] ?? '').split(/[,，]/).filter((t) => t !== '')
      if (tags.length === 0) return problem(commandErrors.emptyTag(token.text))
      for (const t of tags) (match[1] === '+' || match[1] === '＋' ? add : remove).add(t)
    }
    const both = [...add].find((t) => remove.has(t))
    if (both !== undefined) return problem(commandErrors.tagAddedAndRemoved(both))
    return { group, add: [...add], remove: [...remove] }
  },
})

export const rulesCommand = defineCommand({
  name: '规则',
  alias: 'rules',
  role: 'admin',
  usage: commandUsages.rules,
  description: commandDescriptions.rules,
  parse(args): { action: 'reload' | 'show'; group?: string } | ReturnType<typeof problem> {
    const token = required(args.tokens[0], argNames.rulesAction)
    if (isProblem(token)) return token
    if (isWord(token.text, rulesActionWords.reload)) return extraAfter(args, 1) ?? { action: 'reload' }
    if (!isWord(token.text, rulesActionWords.show)) return problem(commandErrors.badRulesAction(token.text))
    const groupToken = args.tokens[1]
    if (!groupToken) return { action: 'show' }
    const group = groupName(groupToken.text)
    if (group === '') return problem(commandErrors.missing(argNames.group))
    return extraAfter(args, 2) ?? { action: 'show', group }
  },
})

/**
 * #群列表 #标签 #规则. `#规则 查看` adds the rules plugin's nickname audit of the group (its
 * text, undefined where the rule is off): the service `nicknameAudit`, read at each call.
 */
function applyGroupCommands(ctx: PluginContext): void {
  const opts = { nicknameAudit: async (roomId: string) => (await ctx.service('nicknameAudit')(roomId))?.text }
  ctx.commands.register(groupsCommand, async (call) => {
    const all = await ctx.groups()
    const groups = call.command.target ? resolveTarget(call.command.target, all).groups : all
    return call.reply(
      hqMessages.groupsList(groups.map((g) => ({ label: groupLabel(g), members: g.memberCount, tags: g.tags, health: hqMessages.groupHealth(g) }))),
    )
  })

  ctx.commands.register(tagCommand, async (call) => {
    const name = call.command.group
    const group = (await ctx.groups()).find((g) => g.key === name || g.topic === name || g.roomId === name)
    if (!group) return call.reply(hqMessages.tagUnknownGroup(name))
    const tags = [...new Set([...group.tags.filter((t) => !call.command.remove.includes(t)), ...call.command.add])]
    await ctx.registry.setTags(group.roomId, tags)
    return call.reply(hqMessages.tagChanged(groupLabel(group), tags))
  })

  ctx.commands.register(rulesCommand, async (call) => {
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
