import type { CommandName, HqRole } from './command-table'
import type { Command } from './parse-command'
import type { QuoteReply } from './quote-reply'
import type { InboundMessage } from '../types'

export interface CommandCall<C extends { name: CommandName } = Command> {
  command: C
  message: InboundMessage
  /** the caller's HQ role; undefined for a group leader acting in their own group */
  role: HqRole | undefined
  /** the room the command was typed in (an HQ room, or the leader's group) */
  roomId: string
  /** answers in that room through the paced queue at HQ priority */
  reply(text: string): Promise<void>
  /** the message the command replied to, when it was typed as a quote-reply (HQ only) */
  quote?: QuoteReply
}

/** The parsed command of name N (some parsed shapes serve several names, e.g. confirm | cancel). */
export type CommandOf<N extends CommandName> = Command extends infer C
  ? C extends { name: infer K }
    ? N extends K
      ? Omit<C, 'name'> & { name: N }
      : never
    : never
  : never

export type CommandHandler<N extends CommandName = CommandName> = (call: CommandCall<CommandOf<N>>) => Promise<void>

/** Features register the commands they serve; the HQ router dispatches to them. */
export function createCommandRegistry() {
  const handlers = new Map<CommandName, CommandHandler>()
  return {
    /** returns the disposer: it removes this handler (not one registered after it under the same name) */
    register<N extends CommandName>(name: N, handler: CommandHandler<N>): () => void {
      const h = handler as unknown as CommandHandler
      handlers.set(name, h)
      return () => {
        if (handlers.get(name) === h) handlers.delete(name)
      }
    },
    get(name: CommandName): CommandHandler | undefined {
      return handlers.get(name)
    },
  }
}

export type CommandRegistry = ReturnType<typeof createCommandRegistry>
