/**
 * WeChat delivers a quote-reply as text: the quoted sender and words in 「」, a dashed
 * line, then the reply:
 *
 *   「张三：周六几点开始？」
 *   - - - - - - - - - - - - - - -
 *   十点
 *
 * The name is the quoted member's shown name (group nickname or WeChat name). Returns it,
 * or undefined for an ordinary message.
 */

/**
 * The dashed line is looked for in the first 5,000 characters. WeChat shortens the quoted
 * words, so a real quote-reply's dashed line comes early; past the cap the message counts
 * as ordinary, which loses one reply link in the analytics, nothing more.
 */
export const QUOTE_MAX_CHARS = 5000

/** 「name： or 「name: at the very start */
const HEAD = /^「([^「」\n：:]{1,40})[：:]/u
/** the dashed line alone on its line (leading and trailing spaces allowed) */
const DASHED_LINE = /^\s*(?:- ){6,}-?\s*$/

/**
 * A line-by-line scan: the dashed line must follow a 」 that closes the quote, with only
 * whitespace (at least one line break) between. The one-regex version, `[^]*?」\s*\n\s*…`,
 * backtracked over whitespace runs and took quadratic time on 「」 followed by many newlines.
 */
export function quotedName(whole: string): string | undefined {
  const text = whole.slice(0, QUOTE_MAX_CHARS)
  const head = HEAD.exec(text)
  if (!head) return undefined
  // the last non-space character before the current line, and whether it is past the head
  let closedAt = -1
  let lastSolid = -1
  let lineStart = 0
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart)
    const lineEnd = newline < 0 ? text.length : newline
    const line = text.slice(lineStart, lineEnd)
    if (lineStart > 0 && closedAt === lastSolid && closedAt >= head[0].length && DASHED_LINE.test(line)) {
      const name = head[1]!.trim()
      return name ? name : undefined
    }
    for (let i = lineEnd - 1; i >= lineStart; i--) {
      if (!/\s/.test(text.charAt(i))) {
        lastSolid = i
        if (text.charAt(i) === '」') closedAt = i
        break
      }
    }
    if (newline < 0) break
    lineStart = newline + 1
  }
  return undefined
}
