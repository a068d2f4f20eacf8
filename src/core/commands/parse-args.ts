/** Small pieces the commands' `parse` functions share. */
import { argNames, commandErrors } from '../../texts'
import { isProblem, problem, type Problem, type Target } from './arg-types'
import type { ParseArgs } from './command-spec'
import { parseId, type IdLetter } from './parse-id'
import { parseTarget } from './parse-target'
import type { Token } from './tokenize'

/** The raw message from token `index` to the end: newlines and inner spacing kept. */
export function restFrom(args: ParseArgs, index: number): string | undefined {
  const token = args.tokens[index]
  return token ? args.text.slice(token.start).trimEnd() : undefined
}

/** a refusal when there is a token at `count` or after */
export function extraAfter(args: ParseArgs, count: number): Problem | undefined {
  const extra = args.tokens[count]
  return extra ? problem(commandErrors.extra(extra.text)) : undefined
}

export function required(token: Token | undefined, what: string): Token | Problem {
  return token ?? problem(commandErrors.missing(what))
}

/** `[目标]`: nothing, or one target */
export function optionalTarget(args: ParseArgs): { target?: Target } | Problem {
  const token = args.tokens[0]
  if (!token) return {}
  const target = parseTarget(token.text)
  if (isProblem(target)) return target
  return extraAfter(args, 1) ?? { target }
}

/** no arguments at all */
export function noArgs(args: ParseArgs): Record<never, never> | Problem {
  return extraAfter(args, 0) ?? {}
}

/** `token` is one of `words`, any case */
export function isWord(token: string, words: readonly string[]): boolean {
  return words.includes(token.toLowerCase())
}

/** `<目标>` as the first argument */
export function targetFirst(args: ParseArgs): Target | Problem {
  const token = required(args.tokens[0], argNames.target)
  return isProblem(token) ? token : parseTarget(token.text)
}

/** `<目标> <内容>`: the content runs to the end of the message, its lines kept */
export function targetAndText(args: ParseArgs): { target: Target; text: string } | Problem {
  const target = targetFirst(args)
  if (isProblem(target)) return target
  const text = restFrom(args, 1)
  return text === undefined ? problem(commandErrors.missing(argNames.text)) : { target, text }
}

/** `<编号>` alone: an id of `letter` (B12, S3 …), then nothing */
export function onlyId(args: ParseArgs, letter: IdLetter): { id: string } | Problem {
  const token = required(args.tokens[0], argNames.id)
  if (isProblem(token)) return token
  const id = parseId(token.text, letter)
  if (typeof id !== 'string') return id
  return extraAfter(args, 1) ?? { id }
}

/** `[编号]`: an id of `letter`, or none, then nothing */
export function optionalId(args: ParseArgs, letter: IdLetter): { id?: string } | Problem {
  return args.tokens[0] ? onlyId(args, letter) : {}
}
