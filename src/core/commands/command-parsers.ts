/**
 * One argument parser per command. Each gets the tokens after the command word and
 * returns the command, or a Problem that the caller turns into an error with the usage.
 */
import { argNames, commandErrors } from '../../messages'
import { findCommand, type CommandName } from './command-table'
import { isProblem, problem, type Command, type Problem, type Target } from './command-types'
import { parseContactRef } from './parse-contact-ref'
import { parseId } from './parse-id'
import { groupName, parseTarget } from './parse-target'
import { parseWhen, whenContinues } from './parse-when'
import { accountsBackWords, codesActionWords, daySuffix, rulesActionWords } from '../../messages/syntax-words'
import type { Token } from './tokenize'

export interface ParseContext {
  /** IANA zone for once-only schedule times; default Asia/Shanghai */
  timeZone?: string
  /** epoch ms; a once-only schedule at or before it is refused. Unset: not checked. */
  now?: number
  /** longer input is refused before it is tokenised; default `MAX_COMMAND_LENGTH` */
  maxLength?: number
}

/**
 * A command holds at most one message text (`outbound.maxTextLength`, ≤ 20,000) and a
 * target list; 100,000 characters leaves room for a `群:` list of thousands of names while
 * a pasted megabyte is refused at once instead of being tokenised whole.
 */
export const MAX_COMMAND_LENGTH = 100_000

export const defaultTimeZone = 'Asia/Shanghai'

export interface Args {
  tokens: readonly Token[]
  /** the whole message, for arguments that run to its end */
  text: string
  context: ParseContext
}

type Parser = (args: Args) => Command | Problem

/** The raw message from token `index` to the end: newlines and inner spacing kept. */
function restFrom(args: Args, index: number): string | undefined {
  const token = args.tokens[index]
  return token ? args.text.slice(token.start).trimEnd() : undefined
}

function extraAfter(args: Args, count: number): Problem | undefined {
  const extra = args.tokens[count]
  return extra ? problem(commandErrors.extra(extra.text)) : undefined
}

function required(token: Token | undefined, what: string): Token | Problem {
  return token ?? problem(commandErrors.missing(what))
}

function optionalTarget(args: Args, name: 'groups' | 'report' | 'points' | 'invites'): Command | Problem {
  const token = args.tokens[0]
  if (!token) return { name }
  const target = parseTarget(token.text)
  if (isProblem(target)) return target
  return extraAfter(args, 1) ?? { name, target }
}

function optionalBroadcastId(args: Args, name: 'confirm' | 'cancel' | 'progress'): Command | Problem {
  const token = args.tokens[0]
  if (!token) return { name }
  const id = parseId(token.text, 'B')
  if (typeof id !== 'string') return id
  return extraAfter(args, 1) ?? { name, id }
}

function noArgs(args: Args, name: 'schedules' | 'bans' | 'console'): Command | Problem {
  return extraAfter(args, 0) ?? { name }
}

const help: Parser = (args) => {
  const token = args.tokens[0]
  if (!token) return { name: 'help' }
  const entry = findCommand(token.text.replace(/^[#＃/]/, ''))
  if (!entry) return problem(commandErrors.unknownTopic(token.text))
  return extraAfter(args, 1) ?? { name: 'help', topic: entry.name }
}

const broadcast: Parser = (args) => {
  const token = required(args.tokens[0], argNames.target)
  if (isProblem(token)) return token
  const target = parseTarget(token.text)
  if (isProblem(target)) return target
  const text = restFrom(args, 1)
  return text === undefined ? problem(commandErrors.missing(argNames.text)) : { name: 'broadcast', target, text }
}

const forward: Parser = (args) => {
  const token = required(args.tokens[0], argNames.target)
  if (isProblem(token)) return token
  const target = parseTarget(token.text)
  if (isProblem(target)) return target
  return extraAfter(args, 1) ?? { name: 'forward', target }
}

const retry: Parser = (args) => {
  const token = required(args.tokens[0], argNames.id)
  if (isProblem(token)) return token
  const id = parseId(token.text, 'B')
  if (typeof id !== 'string') return id
  return extraAfter(args, 1) ?? { name: 'retry', id }
}

const schedule: Parser = (args) => {
  const first = required(args.tokens[0], argNames.when)
  if (isProblem(first)) return first
  const second = args.tokens[1]
  const whenTokens = second && whenContinues(first.text, second.text) ? 2 : 1
  const whenText = args.text.slice(first.start, args.tokens[whenTokens - 1]?.end ?? first.end)
  const when = parseWhen(whenText, args.context.timeZone ?? defaultTimeZone, args.context.now ?? -Infinity)
  if (when.kind === 'error') return problem(when.message)
  const targetToken = required(args.tokens[whenTokens], argNames.target)
  if (isProblem(targetToken)) return targetToken
  const target = parseTarget(targetToken.text)
  if (isProblem(target)) return target
  const text = restFrom(args, whenTokens + 1)
  return text === undefined
    ? problem(commandErrors.missing(argNames.text))
    : { name: 'schedule', when, whenText, target, text }
}

const unschedule: Parser = (args) => {
  const token = required(args.tokens[0], argNames.id)
  if (isProblem(token)) return token
  const id = parseId(token.text, 'S')
  if (typeof id !== 'string') return id
  return extraAfter(args, 1) ?? { name: 'unschedule', id }
}

const plusMinus = /^([+＋]|[-－])([^]*)$/

const tag: Parser = (args) => {
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
  return { name: 'tag', group, add: [...add], remove: [...remove] }
}

const reply: Parser = (args) => {
  const token = required(args.tokens[0], argNames.questionId)
  if (isProblem(token)) return token
  const questionId = parseId(token.text, 'Q')
  if (typeof questionId !== 'string') return questionId
  const text = restFrom(args, 1)
  return text === undefined ? problem(commandErrors.missing(argNames.text)) : { name: 'reply', questionId, text }
}

const ban: Parser = (args) => {
  const token = required(args.tokens[0], argNames.contact)
  if (isProblem(token)) return token
  const who = parseContactRef(token.text)
  if (isProblem(who)) return who
  const reason = restFrom(args, 1)
  return reason === undefined ? { name: 'ban', who } : { name: 'ban', who, reason }
}

const unban: Parser = (args) => {
  const token = required(args.tokens[0], argNames.contact)
  if (isProblem(token)) return token
  const who = parseContactRef(token.text)
  if (isProblem(who)) return who
  if (who.kind !== 'id') return problem(commandErrors.needContactId(token.text))
  return extraAfter(args, 1) ?? { name: 'unban', contactId: who.id }
}

const remove: Parser = (args) => {
  const token = required(args.tokens[0], argNames.contact)
  if (isProblem(token)) return token
  const who = parseContactRef(token.text)
  if (isProblem(who)) return who
  const targetToken = args.tokens[1]
  if (!targetToken) return { name: 'remove', who }
  const target = parseTarget(targetToken.text)
  if (isProblem(target)) return target
  return extraAfter(args, 2) ?? { name: 'remove', who, target }
}

const warn: Parser = (args) => {
  const token = required(args.tokens[0], argNames.contact)
  if (isProblem(token)) return token
  const who = parseContactRef(token.text)
  if (isProblem(who)) return who
  const reason = restFrom(args, 1)
  return reason === undefined ? { name: 'warn', who } : { name: 'warn', who, reason }
}

function isWord(token: string, words: readonly string[]): boolean {
  return words.includes(token.toLowerCase())
}

const rules: Parser = (args) => {
  const token = required(args.tokens[0], argNames.rulesAction)
  if (isProblem(token)) return token
  if (isWord(token.text, rulesActionWords.reload)) return extraAfter(args, 1) ?? { name: 'rules', action: 'reload' }
  if (!isWord(token.text, rulesActionWords.show)) return problem(commandErrors.badRulesAction(token.text))
  const groupToken = args.tokens[1]
  if (!groupToken) return { name: 'rules', action: 'show' }
  const group = groupName(groupToken.text)
  if (group === '') return problem(commandErrors.missing(argNames.group))
  return extraAfter(args, 2) ?? { name: 'rules', action: 'show', group }
}

const daysPattern = new RegExp(`^(\\d{1,6})${daySuffix}?$`)

const silent: Parser = (args) => {
  let target: Target | undefined
  let days: number | undefined
  const tooMany = extraAfter(args, 2)
  if (tooMany) return tooMany
  for (const token of args.tokens) {
    const dayMatch = daysPattern.exec(token.text.normalize('NFKC'))
    if (dayMatch) {
      if (days !== undefined) return problem(commandErrors.duplicate(token.text))
      days = Number(dayMatch[1])
      if (days < 1) return problem(commandErrors.badDays(token.text))
      continue
    }
    if (/^[-+]?\d/.test(token.text.normalize('NFKC'))) return problem(commandErrors.badDays(token.text))
    if (target !== undefined) return problem(commandErrors.duplicate(token.text))
    const parsed = parseTarget(token.text)
    if (isProblem(parsed)) return parsed
    target = parsed
  }
  return { name: 'silent', ...(target ? { target } : {}), ...(days !== undefined ? { days } : {}) }
}

/** `#广告 R12`, or `#广告` alone under a quote-reply */
const ad: Parser = (args) => {
  const token = args.tokens[0]
  if (!token) return { name: 'ad' }
  const caseId = parseId(token.text, 'R')
  if (typeof caseId !== 'string') return caseId
  return extraAfter(args, 1) ?? { name: 'ad', caseId }
}

/** `#误判 R12 [text to post in the group]`, or `#误判` alone under a quote-reply */
const notad: Parser = (args) => {
  const token = args.tokens[0]
  if (!token) return { name: 'notad' }
  const caseId = parseId(token.text, 'R')
  if (typeof caseId !== 'string') return caseId
  const text = restFrom(args, 1)
  return text === undefined ? { name: 'notad', caseId } : { name: 'notad', caseId, text }
}

/** the most codes one command may make (config `entry.codes.maxBatch` may set fewer) */
export const MAX_CODES_PER_COMMAND = 500

/** `#入群码 生成 20 标签:训练营` */
const codes: Parser = (args) => {
  const action = required(args.tokens[0], argNames.codesAction)
  if (isProblem(action)) return action
  if (!isWord(action.text, codesActionWords.make)) return problem(commandErrors.badCodesAction(action.text))
  const countToken = required(args.tokens[1], argNames.count)
  if (isProblem(countToken)) return countToken
  const digits = countToken.text.normalize('NFKC')
  const count = /^\d{1,4}$/.test(digits) ? Number(digits) : NaN
  if (!(count >= 1 && count <= MAX_CODES_PER_COMMAND)) return problem(commandErrors.badCodeCount(countToken.text, MAX_CODES_PER_COMMAND))
  const targetToken = required(args.tokens[2], argNames.target)
  if (isProblem(targetToken)) return targetToken
  const target = parseTarget(targetToken.text)
  if (isProblem(target)) return target
  return extraAfter(args, 3) ?? { name: 'codes', count, target, targetText: targetToken.text }
}

const accounts: Parser = (args) => {
  const word = args.tokens[0]
  if (!word) return { name: 'accounts' }
  if (!accountsBackWords.includes(word.text)) return problem(commandErrors.extra(word.text))
  const id = args.tokens[1]
  if (!id) return problem(commandErrors.missing(argNames.account))
  return extraAfter(args, 2) ?? { name: 'accounts', back: id.text }
}

export const commandParsers: { readonly [N in CommandName]: Parser } = {
  help,
  broadcast,
  forward,
  confirm: (args) => optionalBroadcastId(args, 'confirm'),
  cancel: (args) => optionalBroadcastId(args, 'cancel'),
  progress: (args) => optionalBroadcastId(args, 'progress'),
  retry,
  schedule,
  schedules: (args) => noArgs(args, 'schedules'),
  unschedule,
  groups: (args) => optionalTarget(args, 'groups'),
  tag,
  report: (args) => optionalTarget(args, 'report'),
  reply,
  ban,
  unban,
  bans: (args) => noArgs(args, 'bans'),
  remove,
  warn,
  rules,
  points: (args) => optionalTarget(args, 'points'),
  invites: (args) => optionalTarget(args, 'invites'),
  silent,
  ad,
  notad,
  codes,
  accounts,
  console: (args) => noArgs(args, 'console'),
}
