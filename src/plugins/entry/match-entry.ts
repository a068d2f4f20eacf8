import type { EntryConfig } from '../../config/schema'
import { parseCode } from './codes'

/** How someone came to the gate: a keyword of `entry.friendKeywords`, or a redemption code. */
export type EntryStart = { kind: 'keyword'; keyword: string; target: string } | { kind: 'code'; code: string }

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase()

/**
 * What a friend request's hello text asks for. People write more than the keyword there
 * (「我是张三，读书会」), so the hello needs only to contain it; the longest keyword wins, so
 * `北京读书会` beats `读书会`. A code written alone is a code.
 */
export function matchHello(hello: string, keywords: EntryConfig['friendKeywords']): EntryStart | undefined {
  const code = parseCode(hello)
  if (code) return { kind: 'code', code }
  const text = fold(hello)
  if (!text) return undefined
  const found = keywords.filter((k) => fold(k.keyword) && text.includes(fold(k.keyword))).sort((a, b) => b.keyword.length - a.keyword.length)[0]
  return found ? { kind: 'keyword', keyword: found.keyword, target: found.target } : undefined
}

/**
 * What a private message from a friend asks for. Friends chat with the bot about other
 * things too, so the message must be the keyword itself (or a code), not merely contain it.
 */
export function matchPrivate(text: string, keywords: EntryConfig['friendKeywords']): EntryStart | undefined {
  const code = parseCode(text)
  if (code) return { kind: 'code', code }
  const folded = fold(text)
  const found = keywords.find((k) => fold(k.keyword) === folded)
  return found ? { kind: 'keyword', keyword: found.keyword, target: found.target } : undefined
}
