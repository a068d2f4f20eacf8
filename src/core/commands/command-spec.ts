/**
 * An HQ command as its plugin declares it, beside its handler (docs/commands.md is the
 * contract): `ctx.command({ name: '广播', alias: 'broadcast', role: 'operator', usage,
 * description, parse }, handler)`. The handler gets what `parse` returned, typed, with
 * `name` set to the alias.
 */
import type { Problem } from './arg-types'
import type { HqRole } from './hq-role'
import type { ParseContext } from './parse-context'
import type { Token } from './tokenize'

/** What a command's `parse` gets: the tokens after the command word. */
export interface ParseArgs {
  tokens: readonly Token[]
  /** the whole message, for arguments that run to its end */
  text: string
  context: ParseContext
  /** the commands registered now (`#帮助 广播` names one) */
  commands: CommandLookup
}

export interface CommandSpec<A extends object = object, K extends string = string> {
  /** the Chinese command word, without the sigil: `广播` */
  name: string
  /** the English alias, lower case, without the sigil: `broadcast`. Also the command's id. */
  alias: K
  /** the least HQ role that may use it */
  role: HqRole
  /** a group leader may use it inside their own group (`#警告`, `#移出`) */
  leaderInOwnGroup?: boolean
  /** one line: the command as typed, then an example; quoted under every refusal */
  usage: string
  /** one line, shown in the `#帮助` list */
  description: string
  /** the arguments, or why they are refused (the usage is added by the caller) */
  parse(args: ParseArgs): A | Problem
}

/** A parsed command: the arguments `parse` returned, and `name`, the command's alias. */
export type ParsedCommand<A extends object = object, K extends string = string> = A & { readonly name: K }

/** The parsed command of a declaration: `Parsed<typeof broadcastCommand>`. */
export type Parsed<S> = S extends CommandSpec<infer A, infer K> ? ParsedCommand<A, K> : never

/** Keeps the alias literal and the parsed arguments typed from `parse`. */
export function defineCommand<A extends object, const K extends string>(spec: CommandSpec<A, K>): CommandSpec<A, K> {
  return spec
}

/** Finding the registered commands by what an operator types. */
export interface CommandLookup {
  /** the command whose word or alias (any case) is exactly `word` */
  find(word: string): CommandSpec | undefined
  /** the command whose word or alias is the longest prefix of `word` (e.g. `广播全部`), with its length */
  findByPrefix(word: string): { spec: CommandSpec; length: number } | undefined
  /** every registered command, in the order they were registered */
  list(): readonly CommandSpec[]
}

/** A lookup over a fixed list (the registry's, or a test's). */
export function commandLookup(list: () => readonly CommandSpec[]): CommandLookup {
  return {
    list,
    find(word) {
      const lower = word.toLowerCase()
      return list().find((c) => c.name === word || c.alias === lower)
    },
    findByPrefix(word) {
      const lower = word.toLowerCase()
      let best: { spec: CommandSpec; length: number } | undefined
      for (const spec of list()) {
        if (word.startsWith(spec.name) && spec.name.length > (best?.length ?? 0)) best = { spec, length: spec.name.length }
        if (lower.startsWith(spec.alias) && spec.alias.length > (best?.length ?? 0)) best = { spec, length: spec.alias.length }
      }
      return best
    },
  }
}

/** Narrows a parsed command to the one `spec` declares. */
export function isCommand<A extends object, K extends string>(spec: CommandSpec<A, K>, parsed: ParsedCommand): parsed is ParsedCommand<A, K> {
  return parsed.name === spec.alias
}
