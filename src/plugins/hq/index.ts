import { roleAllows } from '../../core/commands/hq-role'
import { helpText } from './help-text'
import { helpCommand } from './help-command'
import { parseCommand } from '../../core/commands/parse-command'
import { splitQuoteReply } from '../../core/commands/quote-reply'
import { roleOf } from '../../core/roles'
import type { InboundMessage } from '../../core/types'
import type { MessageContext } from '../../feature'
import { definePlugin, type PluginContext } from '../../plugin'
import { noPermissionText } from '../../texts'
import type { CommandCall } from '../../core/commands/command-registry'

/**
 * The headquarters router. A command counts only in a room whose *id* is an HQ room,
 * from a contact holding a role; everything else in HQ is remembered for #转发.
 * Group leaders' commands in their own groups (#警告 #移出) go through the same parser.
 */
function applyHq(ctx: PluginContext): void {
  async function rememberForForward(m: InboundMessage): Promise<void> {
    const description = m.kind === 'text' ? m.text.slice(0, 30) : `[${m.kind}] ${m.text.slice(0, 30)}`
    await ctx.stores.hqLast.remember(m.fromId, { messageId: m.id, description })
  }

  async function dispatch(c: MessageContext, m: InboundMessage, roomId: string, inHq: boolean): Promise<boolean> {
    // a command keeps its @mentions (`#警告 @张三 刷屏`); a message that starts by @-ing the
    // bot (`@群助手 #帮助`) is read without them
    // a quote-reply in HQ (`#广告` under a quoted message): the command is the reply
    const quote = inHq && m.kind === 'text' ? splitQuoteReply(m.text) : undefined
    const raw = quote ? quote.reply : m.text.trim()
    const text = quote || /^[#＃/]/.test(raw) ? raw : (m.body ?? m.text).trim()
    // old WeChat text emoticons start with "/" ( /::) ): only "/word" is a command
    if (/^\/[^A-Za-z\u4e00-\u9fff]/.test(text)) return false
    const config = ctx.config()
    const parsed = parseCommand(text, ctx.commands, { timeZone: config.timezone, now: ctx.now() })
    if (parsed.kind === 'not-command') return false
    const role = roleOf(config, m.fromId)
    // deterministic ids: handling the same message twice never answers twice
    const reply = ctx.hq.reply(roomId, `hq-${m.id}`)
    const leaderHere =
      !inHq && (await ctx.groups()).some((g) => g.roomId === roomId && g.leaders.includes(m.fromId))

    if (!inHq && !leaderHere) return false // members' "#..." in a group is just chat
    if (parsed.kind === 'error') {
      if (!role && !leaderHere) return true
      await reply(parsed.message)
      return true
    }
    const registered = ctx.commands.get(parsed.command.name)
    // parsed against the registry a moment ago: only an unload in between leaves it without a handler
    if (!registered) return true
    const { spec, handler } = registered
    const allowed = inHq ? role !== undefined && roleAllows(role, spec.role) : spec.leaderInOwnGroup === true
    if (!allowed) {
      if (inHq || leaderHere) await reply(noPermissionText(`#${spec.name}`, spec.role))
      return true
    }
    const call: CommandCall = { command: parsed.command, message: m, role: inHq ? role : undefined, roomId, reply, ...(quote ? { quote } : {}) }
    c.log.info({ command: parsed.command.name }, 'command')
    // a command that throws is answered by the error boundary (src/pipeline/error-boundary.ts)
    c.command = parsed.command.name
    await handler(call)
    return true
  }

  ctx.commands.register(helpCommand, async ({ command, reply }) => reply(helpText(ctx.commands, command.topic)))

  ctx.middleware(async (c, next) => {
    const m = c.message
    if (!m.roomId) return next()
    const handled = await dispatch(c, m, m.roomId, c.inHq)
    if (c.inHq && !handled && roleOf(ctx.config(), m.fromId)) await rememberForForward(m)
    // HQ is never a managed group: nothing else looks at its messages
    if (!handled && !c.inHq) await next()
  })
}

/** The HQ router (#帮助) and leaders' commands in their groups. */
export const hqPlugin = definePlugin({ name: 'hq', apply: applyHq })
