/**
 * Whether a member's text reads as a question to relay to HQ (`questions.patterns`).
 * The patterns are the operator's own regular expressions; the config refuses those that
 * can backtrack catastrophically, and the text they read is capped here.
 */

/**
 * A question is a sentence or two. A longer text is a post, not a question to relay, and
 * the cap bounds what a user pattern can cost: the config accepts patterns whose worst
 * case is at most quadratic, and 1,000² steps take well under a millisecond or two.
 */
export const QUESTION_MAX_CHARS = 1000

export function compileQuestionPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'u'))
}

/** `text` is trimmed already; longer than `QUESTION_MAX_CHARS` never counts as a question. */
export function isQuestion(text: string, patterns: readonly RegExp[]): boolean {
  if (text.length > QUESTION_MAX_CHARS) return false
  return patterns.some((re) => re.test(text))
}
