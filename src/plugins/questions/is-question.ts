import { QUESTION_MAX_CHARS } from '../../config/text-caps'

/**
 * Whether a member's text reads as a question to relay to HQ (`questions.patterns`).
 * The patterns are the operator's own regular expressions; the config refuses those that
 * can backtrack catastrophically, and the text they read is capped here.
 */

// the cap lives with the config, which judges a pattern's cost at that length
export { QUESTION_MAX_CHARS } from '../../config/text-caps'

export function compileQuestionPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'u'))
}

/** `text` is trimmed already; longer than `QUESTION_MAX_CHARS` never counts as a question. */
export function isQuestion(text: string, patterns: readonly RegExp[]): boolean {
  if (text.length > QUESTION_MAX_CHARS) return false
  return patterns.some((re) => re.test(text))
}
