/** Short ids typed by operators: B12 (broadcast), Q3 (question), S2 (schedule), R5 (review item or removal), F3 (FAQ entry). */
import { commandErrors } from '../../texts'
import { problem, type Problem } from './arg-types'

export type IdLetter = 'B' | 'Q' | 'S' | 'R' | 'F'

/** `b012` → `B12`; full-width `Ｂ１２` is folded by NFKC. */
export function parseId(token: string, letter: IdLetter): string | Problem {
  const match = /^([A-Za-z])(\d{1,9})$/.exec(token.normalize('NFKC'))
  if (!match || match[1]?.toUpperCase() !== letter) return problem(commandErrors.badId(token, letter))
  return `${letter}${Number(match[2])}`
}
