/**
 * WeChat delivers a quote-reply as text: the quoted sender and words in 「」, a dashed
 * line, then the reply (see plugins/analytics/quoted-name.ts):
 *
 *   「张三：加我微信领优惠券」
 *   - - - - - - - - - - - - - - -
 *   #广告
 *
 * `splitQuoteReply` gives the quoted name and words and the reply, or undefined for an
 * ordinary message. The command parser reads the reply; `#广告` and `#误判` read the quote.
 */
// `」[ \t]*\n` (one newline, then any spacing before the dashes): no two ways to split a run
// of blank lines, so a hostile message costs linear time
const QUOTE_REPLY = /^\s*「([^「」\n：:]{1,40})[：:]([^]*?)」[ \t]*\n\s*(?:- ){6,}-?[ \t]*(?:\n|$)([^]*)$/u

export interface QuoteReply {
  /** the quoted member's shown name */
  name: string
  /** the quoted words */
  quoted: string
  /** what the sender wrote under the quote */
  reply: string
}

export function splitQuoteReply(text: string): QuoteReply | undefined {
  const match = QUOTE_REPLY.exec(text)
  if (!match) return undefined
  const name = (match[1] ?? '').trim()
  if (!name) return undefined
  return { name, quoted: (match[2] ?? '').trim(), reply: (match[3] ?? '').trim() }
}
