/**
 * `parseCommand(text, commands)`: a HQ message → a command of those registered, an error to
 * reply with, or "not a command" (docs/commands.md, Syntax). Pure and total: it never throws.
 */
import { commandErrors } from '../../texts'
import { isProblem } from './arg-types'
import type { CommandLookup, CommandSpec, ParsedCommand } from './command-spec'
import { MAX_COMMAND_LENGTH, type ParseContext } from './parse-context'
import { endOfWord, skipSpaces, tokenize } from './tokenize'

export type { ContactRef, Target } from './arg-types'
export type { ParseContext } from './parse-context'

export type ParseResult =
  | { kind: 'not-command' }
  | { kind: 'ok'; command: ParsedCommand }
  /** `name`: the alias of the command it was (or nearly was) */
  | { kind: 'error'; name?: string; message: string }

const sigils = ['#', '＃', '/']

/**
 * `context` supplies the time zone and `now` for once-only schedule times; without
 * `now` a time in the past is not refused here.
 */
export function parseCommand(text: string, commands: CommandLookup, context: ParseContext = {}): ParseResult {
  if (typeof text !== 'string') return { kind: 'not-command' }
  const begin = skipSpaces(text, 0)
  const sigil = text.charAt(begin)
  if (!sigils.includes(sigil)) return { kind: 'not-command' }
  const maxLength = context.maxLength ?? MAX_COMMAND_LENGTH
  if (text.length > maxLength) return { kind: 'error', message: commandErrors.tooLong(text.length, maxLength) }

  // `# 广播` is forgiven: the word may follow the sigil after spaces
  const wordStart = skipSpaces(text, begin + 1)
  const wordEnd = endOfWord(text, wordStart)
  const word = text.slice(wordStart, wordEnd)
  const spec = word === '' ? undefined : commands.find(word)
  if (!spec) {
    const near = commands.findByPrefix(word)
    if (!near) return { kind: 'error', message: commandErrors.unknown(sigil + word) }
    return usageError(near.spec, commandErrors.needSpace(sigil + word, sigil + word.slice(0, near.length)))
  }

  const parsed = spec.parse({ tokens: tokenize(text, wordEnd), text, context, commands })
  return isProblem(parsed) ? usageError(spec, parsed.problem) : { kind: 'ok', command: { ...parsed, name: spec.alias } }
}

function usageError(spec: CommandSpec, reason: string): ParseResult {
  return { kind: 'error', name: spec.alias, message: commandErrors.withUsage(reason, spec.usage) }
}
