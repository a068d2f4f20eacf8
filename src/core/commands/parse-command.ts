/**
 * `parseCommand(text)`: a HQ message → a command, an error to reply with, or "not a
 * command" (spec/commands.md, Syntax). Pure and total: it never throws.
 */
import { commandErrors, commandUsages } from '../../messages'
import { findCommand, findCommandByPrefix, type CommandName } from './command-table'
import { commandParsers, MAX_COMMAND_LENGTH, type ParseContext } from './command-parsers'
import { isProblem, type ParseResult } from './command-types'
import { endOfWord, skipSpaces, tokenize } from './tokenize'

export type { Command, ContactRef, ParseResult, Target } from './command-types'
export type { ParseContext } from './command-parsers'

const sigils = ['#', '＃', '/']

/**
 * `context` supplies the time zone and `now` for once-only schedule times; without
 * `now` a time in the past is not refused here.
 */
export function parseCommand(text: string, context: ParseContext = {}): ParseResult {
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
  const entry = word === '' ? undefined : findCommand(word)
  if (!entry) {
    const near = findCommandByPrefix(word)
    if (!near) return { kind: 'error', message: commandErrors.unknown(sigil + word) }
    return usageError(near.entry.name, commandErrors.needSpace(sigil + word, sigil + word.slice(0, near.length)))
  }

  const parsed = commandParsers[entry.name]({ tokens: tokenize(text, wordEnd), text, context })
  return isProblem(parsed) ? usageError(entry.name, parsed.problem) : { kind: 'ok', command: parsed }
}

function usageError(name: CommandName, reason: string): ParseResult {
  return { kind: 'error', name, message: commandErrors.withUsage(reason, commandUsages[name]) }
}
