/** Targets: `全部`/`all`, `标签:北京,上海`/`tag:…`, `群:北京1群`/`group:…` (`:` or `：`). */
import { commandErrors } from '../../texts'
import { isProblem, problem, type Problem, type Target } from './arg-types'
import { targetWords } from '../../texts/syntax-words'

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

/**
 * One text per target, however it was written: `标签:训练营`, `标签：训练营`, ` tag:训练营 `
 * and `标签:训练营，训练营` are the same target, as `parseTarget` reads them; names in a
 * list are compared as a set (`标签:A,B` = `标签:B,A`: the same groups). A text that is no
 * target is kept trimmed, so two broken texts still compare as written.
 */
export function targetKey(text: string): string {
  const token = text.trim()
  const target = parseTarget(token)
  if (isProblem(target)) return token
  switch (target.kind) {
    case 'all':
      return 'all'
    case 'tags':
      return `tags:${[...target.tags].sort().join(',')}`
    case 'groups':
      return `groups:${[...target.names].sort().join(',')}`
  }
}

/** Whether two target texts name the same target (`targetKey`). */
export function sameTarget(a: string, b: string): boolean {
  return targetKey(a) === targetKey(b)
}
