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
const QUOTE = /^「([^「」\n：:]{1,40})[：:][^]*?」\s*\n\s*(?:- ){6,}-?\s*(?:\n|$)/u

export function quotedName(text: string): string | undefined {
  const match = QUOTE.exec(text)
  const name = match?.[1]?.trim()
  return name ? name : undefined
}
