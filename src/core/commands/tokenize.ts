/**
 * Splits command arguments on any whitespace (U+3000 and U+2005 included), remembering
 * where each token starts so a last argument can run to the end of the raw message.
 */

export interface Token {
  text: string
  start: number
  end: number
}

// JS `\s` covers U+3000, U+2005 and the line separators; NEL is the one it leaves out
const space = /[\s\u0085]/
const quotes = '"“”'
const lineBreak = /[\r\n\u0085\u2028\u2029]/
/** WeChat ends an @-mention it inserts with U+2005, so a name may hold plain spaces */
const mentionEnd = '\u2005'
const longestMention = 40

export function isSpace(ch: string): boolean {
  return ch !== '' && space.test(ch)
}

/**
 * `isSpace` on a code unit, without a regex per character: every member message that
 * starts with `#` is split here, and a long one is mostly spent in this test.
 */
function isSpaceCode(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d)
  if (code < 0x1680) return code === 0x85 || code === 0xa0
  return space.test(String.fromCharCode(code))
}

export function skipSpaces(text: string, from: number): number {
  let i = from
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++
  return i
}

export function endOfWord(text: string, from: number): number {
  let i = from
  while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++
  return i
}

/** A quoted token (`"0 8 * * *"`, `“0 8 * * *”`) stays one token when it closes on its line. */
function endOfQuoted(text: string, from: number): number | undefined {
  if (!quotes.includes(text.charAt(from)) || text.charAt(from) === '') return undefined
  for (let i = from + 1; i < text.length; i++) {
    const ch = text.charAt(i)
    if (quotes.includes(ch)) return i + 1
    if (lineBreak.test(ch)) return undefined
  }
  return undefined
}

/** `@Tom Lee` + U+2005 is one mention; without U+2005 a mention ends at whitespace. */
function endOfMention(text: string, from: number): number | undefined {
  const at = text.charAt(from)
  if (at !== '@' && at !== '＠') return undefined
  // look only as far as the longest mention: searching the whole rest of the text from
  // every `@` took quadratic time on a message of many `@`s and no U+2005
  const last = Math.min(text.length, from + 1 + longestMention)
  let close = from + 1
  while (close < last && text.charAt(close) !== mentionEnd) close++
  if (close >= last) return undefined
  const name = text.slice(from + 1, close)
  return lineBreak.test(name) || /[@＠]/.test(name) ? undefined : close
}

export function tokenize(text: string, from: number): Token[] {
  const tokens: Token[] = []
  let i = skipSpaces(text, from)
  while (i < text.length) {
    const end = endOfQuoted(text, i) ?? endOfMention(text, i) ?? endOfWord(text, i)
    tokens.push({ text: text.slice(i, end), start: i, end })
    i = skipSpaces(text, end)
  }
  return tokens
}
