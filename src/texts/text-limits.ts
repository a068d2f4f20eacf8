/**
 * How big one text the bot sends may be, and how longer texts are cut to fit.
 *
 * Personal WeChat documents no limit for one text message. What is documented is WeCom's:
 * a text message's content "最长不超过2048个字节，超过将截断" (developer.work.weixin.qq.com,
 * document 90236); and personal clients are reported to split or refuse texts of a few
 * thousand characters, while puppets fail on them without saying why. 2,000 characters
 * stays under every figure we found and still holds a 40-line list, so it is the default
 * of `outbound.maxTextLength`. Lengths are UTF-16 units (`string.length`): an emoji counts
 * 2, so we never undercount what WeChat counts.
 */
export const DEFAULT_MAX_TEXT_LENGTH = 2000

/** Never cut between the halves of a surrogate pair: the index of a safe cut at or before `at`. */
export function safeCut(text: string, at: number): number {
  if (at <= 0) return 0
  if (at >= text.length) return text.length
  const code = text.charCodeAt(at - 1)
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at
}

/**
 * Cuts a long text into messages of at most `max` characters, only between lines, so a line
 * is never split. The one exception is a single line longer than `max`, which cannot fit
 * anywhere: it is cut at `max`, never inside a surrogate pair. Joining the pieces with "\n"
 * gives the text back (when no line is that long and no piece is blank: blank pieces are
 * dropped, and empty text gives no messages).
 */
export function splitLines(text: string, max: number): string[] {
  if (!text) return []
  const limit = Math.max(2, Math.floor(max))
  const chunks: string[] = []
  let current: string | undefined
  for (const line of text.split('\n')) {
    for (const piece of cutLongLine(line, limit)) {
      if (current !== undefined && current.length + 1 + piece.length <= limit) current += `\n${piece}`
      else {
        if (current !== undefined) chunks.push(current)
        current = piece
      }
    }
  }
  if (current !== undefined) chunks.push(current)
  // a cut next to blank lines can leave a piece with nothing to read; never send those
  return chunks.filter((c) => c.trim() !== '')
}

function cutLongLine(line: string, limit: number): string[] {
  if (line.length <= limit) return [line]
  const pieces: string[] = []
  let rest = line
  while (rest.length > limit) {
    const at = safeCut(rest, limit)
    pieces.push(rest.slice(0, at))
    rest = rest.slice(at)
  }
  pieces.push(rest)
  return pieces
}

/** The words pages are dressed in; they live in `src/texts`. */
export interface PageWords {
  /** put on every page when there is more than one, e.g. `(1/3)` */
  label(page: number, pages: number): string
  /** the last line when pages were left out, e.g. `…以及另外 812 行未显示` */
  omitted(lines: number): string
}

export interface PageLimits {
  maxLength: number
  maxPages: number
}

/**
 * A long reply as numbered pages, each at most `maxLength` with its label: `(1/3)` heads
 * every page when there is more than one. Beyond `maxPages` the rest is left out and the
 * last page ends with how many lines were not shown. One short text stays one page, as is.
 */
export function paginate(text: string, limits: PageLimits, words: PageWords): string[] {
  const max = Math.max(20, Math.floor(limits.maxLength))
  if (text.length <= max) return text.trim() === '' ? [] : [text]
  const maxPages = Math.max(1, Math.floor(limits.maxPages))
  // room for the widest label this reply can have, and its line break
  const reserve = words.label(maxPages, maxPages).length + 1
  const pieces = splitLines(text, max - reserve)
  let pages = pieces
  if (pieces.length > maxPages) {
    const kept = pieces.slice(0, maxPages)
    let omittedLines = pieces.slice(maxPages).reduce((n, p) => n + p.split('\n').length, 0)
    // the last kept page gives up lines from its end until the summary line fits
    let lines = (kept[maxPages - 1] ?? '').split('\n')
    const fits = () => lines.join('\n').length + 1 + words.omitted(omittedLines).length <= max - reserve
    while (lines.length > 1 && !fits()) {
      lines.pop()
      omittedLines += 1
    }
    if (!fits()) {
      const room = Math.max(0, max - reserve - 1 - words.omitted(omittedLines).length)
      lines = [(lines[0] ?? '').slice(0, safeCut(lines[0] ?? '', room))]
    }
    kept[maxPages - 1] = `${lines.join('\n')}\n${words.omitted(omittedLines)}`
    pages = kept
  }
  if (pages.length === 1) return pages
  return pages.map((p, i) => `${words.label(i + 1, pages.length)}\n${p}`)
}

/**
 * The last resort: a text longer than `max` cut to fit, ending in `marker` (e.g. `…(已截断)`),
 * never inside a surrogate pair. Texts that fit come back unchanged.
 */
export function capText(text: string, max: number, marker: string): string {
  if (text.length <= max) return text
  const room = Math.max(0, max - marker.length)
  return text.slice(0, safeCut(text, room)) + marker
}

/**
 * The first names of a long list that fit both `maxItems` and `maxChars` (names joined by a
 * one-character separator), each name cut to `maxNameLength`; `omitted` is how many were left out.
 */
export function firstItems(
  items: readonly string[],
  limits: { maxItems: number; maxChars: number; maxNameLength?: number },
): { shown: string[]; omitted: number } {
  const nameMax = limits.maxNameLength ?? 30
  const shown: string[] = []
  let used = 0
  for (const item of items) {
    if (shown.length >= limits.maxItems) break
    const name = item.length > nameMax ? `${item.slice(0, safeCut(item, nameMax - 1))}…` : item
    if (used + name.length + (shown.length ? 1 : 0) > limits.maxChars) break
    used += name.length + (shown.length ? 1 : 0)
    shown.push(name)
  }
  return { shown, omitted: items.length - shown.length }
}
