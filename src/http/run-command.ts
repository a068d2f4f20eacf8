import { randomBytes } from 'node:crypto'
import { roleAllows } from '../core/commands/hq-role'
import { parseCommand } from '../core/commands/parse-command'
import type { InboundMessage } from '../core/types'
import type { AppContext } from '../feature'
import { consoleMessages } from '../texts'
import type { Viewer } from './auth'

export interface CommandResult {
  ok: boolean
  /** what HQ would have been answered, shown on the page instead */
  replies: string[]
}

/**
 * Carries out a console action as the HQ command it stands for (`#取消 B3`, `#误判 R2`,
 * `#定时 …`), through the same parser, role table and handler: the console does exactly what
 * the command does, and answers with the same words.
 */
export async function runCommand(ctx: AppContext, viewer: Viewer, text: string): Promise<CommandResult> {
  const config = ctx.config()
  const parsed = parseCommand(text, ctx.commands, { timeZone: config.timezone, now: ctx.now() })
  if (parsed.kind === 'not-command') return { ok: false, replies: [consoleMessages.notFound] }
  if (parsed.kind === 'error') return { ok: false, replies: [parsed.message] }
  const registered = ctx.commands.get(parsed.command.name)
  if (!registered) return { ok: false, replies: [consoleMessages.notFound] }
  if (!roleAllows(viewer.role, registered.spec.role)) return { ok: false, replies: [consoleMessages.forbidden] }
  const { handler } = registered
  const roomId = config.hq.rooms[0] ?? viewer.contactId
  const message: InboundMessage = {
    id: `console-${randomBytes(6).toString('hex')}`,
    roomId,
    fromId: viewer.contactId,
    fromName: viewer.name,
    fromAlias: undefined,
    kind: 'text',
    text,
    mentionIds: [],
    mentionsSelf: false,
    timestamp: ctx.now(),
  }
  const replies: string[] = []
  await handler({ command: parsed.command, message, role: viewer.role, roomId, reply: async (t) => void replies.push(t) })
  return { ok: true, replies }
}
