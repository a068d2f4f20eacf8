import { parseCommand, type ContactRef } from '../../core/commands/parse-command'
import { shownName } from '../../core/rules'
import type { MemberInfo } from '../../core/types'
import type { AppContext } from '../../feature'
import type { CommandCall } from '../../core/commands/command-registry'
import { ruleActionMessages } from '../../texts/rules'

type WhoCommand = { name: 'warn' | 'remove' | 'ban'; who: ContactRef; reason?: string }

/**
 * The command as typed, with its `@name` still in place. The router parses the text
 * without mentions (Wechaty's `mentionText`), where `#警告 @张三 刷屏` has become
 * `#警告 刷屏`; the raw text keeps the mention (WeChat ends it with U+2005).
 */
export function commandAsTyped<C extends WhoCommand>(ctx: AppContext, call: CommandCall<C>): C {
  const config = ctx.config()
  const raw = parseCommand(call.message.text.trim(), ctx.commands, { timeZone: config.timezone, now: ctx.now() })
  if (raw.kind === 'ok' && raw.command.name === call.command.name) return raw.command as unknown as C
  return call.command
}

export type Resolved = { id: string; name: string } | { problem: string }

/**
 * Who a #警告 / #移出 / #黑名单 is about: a contact id, or an `@name` — the contact the
 * message mentions (WeChat sends their id along), else the one member of `members` whose
 * shown or WeChat name is exactly that name.
 */
export async function resolveWho(
  ctx: AppContext,
  call: CommandCall,
  who: ContactRef,
  members: MemberInfo[],
): Promise<Resolved> {
  const self = ctx.view.selfId()
  const mentioned = call.message.mentionIds.filter((id) => id !== self)
  const nameOf = async (id: string) => {
    const m = members.find((x) => x.id === id)
    return m ? shownName(m) : ((await ctx.view.contactName(id)) ?? id)
  }
  if (who.kind === 'id') {
    // `#警告 刷屏` after the mention was stripped: the mention is the target
    if (!members.some((m) => m.id === who.id) && mentioned.length === 1) {
      const id = mentioned[0]!
      return { id, name: await nameOf(id) }
    }
    return { id: who.id, name: await nameOf(who.id) }
  }
  const byName = members.filter((m) => shownName(m) === who.name || m.name === who.name)
  const inMentions = mentioned.filter((id) => byName.some((m) => m.id === id))
  if (inMentions.length === 1) return { id: inMentions[0]!, name: await nameOf(inMentions[0]!) }
  if (mentioned.length === 1) return { id: mentioned[0]!, name: await nameOf(mentioned[0]!) }
  if (byName.length === 1) return { id: byName[0]!.id, name: shownName(byName[0]!) }
  return { problem: ruleActionMessages.memberNotFound(who.name) }
}
