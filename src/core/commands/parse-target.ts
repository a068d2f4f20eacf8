/** Targets: `全部`/`all`, `标签:北京,上海`/`tag:…`, `群:北京1群`/`group:…` (`:` or `：`). */
import { commandErrors } from '../../messages'
import { problem, type Problem, type Target } from './command-types'
import { targetWords } from '../../messages/syntax-words'

const listSeparator = /[,，]/

function prefixed(words: readonly string[]): RegExp {
  return new RegExp(`^(?:${words.join('|')})[:：]([^]*)$`, 'i')
}

const allPattern = new RegExp(`^(?:${targetWords.all.join('|')})$`, 'i')
const tagsPattern = prefixed(targetWords.tags)
const groupsPattern = prefixed(targetWords.groups)

function names(list: string): string[] {
  return [...new Set(list.split(listSeparator).map((n) => n.trim()).filter((n) => n !== ''))]
}

export function parseTarget(token: string): Target | Problem {
  if (allPattern.test(token)) return { kind: 'all' }
  const tags = tagsPattern.exec(token)
  if (tags) {
    const list = names(tags[1] ?? '')
    return list.length > 0 ? { kind: 'tags', tags: list } : problem(commandErrors.emptyTargetList(token))
  }
  const groups = groupsPattern.exec(token)
  if (groups) {
    const list = names(groups[1] ?? '')
    return list.length > 0 ? { kind: 'groups', names: list } : problem(commandErrors.emptyTargetList(token))
  }
  return problem(commandErrors.badTarget(token))
}

/** Whether a token is written as a target, even a broken one (`群:`). */
export function looksLikeTarget(token: string): boolean {
  return allPattern.test(token) || tagsPattern.test(token) || groupsPattern.test(token)
}

/** A single group named where a group (not a target) is expected: `北京1群` or `群:北京1群`. */
export function groupName(token: string): string {
  return (groupsPattern.exec(token)?.[1] ?? token).trim()
}
