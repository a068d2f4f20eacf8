import type { HqRole } from './hq-role'
import { commandLookup, type CommandLookup, type CommandSpec, type ParsedCommand } from './command-spec'
import type { QuoteReply } from './quote-reply'
import type { InboundMessage } from '../types'

export interface CommandCall<C extends object = ParsedCommand> {
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

export type CommandHandler<A extends object = object, K extends string = string> = (call: CommandCall<ParsedCommand<A, K>>) => Promise<void>

export interface RegisteredCommand {
  spec: CommandSpec
  handler: CommandHandler
}

/**
 * The commands the loaded plugins declared, each with its handler; the HQ router parses
 * against it and dispatches to it. A plugin's commands leave with it (the disposer).
 */
export function createCommandRegistry() {
  const byAlias = new Map<string, RegisteredCommand>()
  const lookup: CommandLookup = commandLookup(() => [...byAlias.values()].map((c) => c.spec))

  /** another command already answers to the word or the alias */
  function clash(spec: CommandSpec): CommandSpec | undefined {
    const forms = [spec.name, spec.alias]
    return [...byAlias.values()]
      .map((c) => c.spec)
      .find((other) => other.alias !== spec.alias && (forms.includes(other.name) || forms.includes(other.alias)))
  }

  return {
    ...lookup,
    /**
     * Declares a command and its handler. Registering an alias again replaces the handler
     * (a test's stand-in); returns the disposer: it removes this registration (not one made
     * after it under the same alias).
     */
    register<A extends object, K extends string>(spec: CommandSpec<A, K>, handler: CommandHandler<A, K>): () => void {
      if (spec.alias !== spec.alias.toLowerCase()) throw new Error(`command ${spec.name}: its alias ${spec.alias} must be lower case`)
      const other = clash(spec)
      if (other) throw new Error(`command ${spec.name} /${spec.alias}: #${other.name} /${other.alias} already answers to it`)
      const entry: RegisteredCommand = { spec, handler: handler as unknown as CommandHandler }
      byAlias.set(spec.alias, entry)
      return () => {
        if (byAlias.get(spec.alias) === entry) byAlias.delete(spec.alias)
      }
    },
    /** the command of that alias (a parsed command's `name`) */
    get(alias: string): RegisteredCommand | undefined {
      return byAlias.get(alias)
    },
  }
}

export type CommandRegistry = ReturnType<typeof createCommandRegistry>
