/**
 * Aho–Corasick keyword search. One pass over the text finds every keyword, however many
 * there are (operators paste lists of thousands), so the cost per message does not grow
 * with the list.
 *
 * Matching is on UTF-16 code units after folding each unit (see `foldCode`); folding maps
 * one unit to one unit, so positions in the folded text are positions in the original.
 */

/** One occurrence of a keyword: `[start, end)` in the searched text. */
export interface KeywordHit {
  keyword: string
  start: number
  end: number
}

const FULLWIDTH_FIRST = 0xff01 // ！
const FULLWIDTH_LAST = 0xff5e // ～
const FULLWIDTH_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = 0x3000

/**
 * Full-width ASCII → half-width (ads type ＶＸ and １３８ to slip past filters), and
 * Latin letters → lower case. Everything else is left alone.
 */
export function foldCode(code: number): number {
  if (code >= FULLWIDTH_FIRST && code <= FULLWIDTH_LAST) code -= FULLWIDTH_OFFSET
  else if (code === IDEOGRAPHIC_SPACE) return 0x20
  if (code >= 0x41 && code <= 0x5a) return code + 0x20
  // Latin-1 Supplement / Latin Extended-A: rare, so the slow path is fine here
  if (code >= 0xc0 && code <= 0x24f) {
    const lower = String.fromCharCode(code).toLowerCase()
    return lower.length === 1 ? lower.charCodeAt(0) : code
  }
  return code
}

/** the code units `foldCode` changes: A-Z, Latin-1/Extended-A, U+3000 and full-width ASCII */
const FOLDABLE = /[A-Z\u00c0-\u024f\u3000\uff01-\uff5e]/g

/**
 * The whole string folded with `foldCode`; same length as the input. One regex pass:
 * appending one unit at a time (`out += …`) grew faster than linearly on long texts.
 */
export function foldText(text: string): string {
  return text.replace(FOLDABLE, (c) => String.fromCharCode(foldCode(c.charCodeAt(0))))
}

/**
 * Keyword and watch-word searches read the first 10,000 characters of a text: WeChat folds
 * a long message after a screen or two, so an ad puts its words where they are read, and
 * ten thousand characters is already some twenty screens. The cap keeps a 1 MB message
 * (legal in WeChat) from costing a thousand times an ordinary one.
 */
export const KEYWORD_SCAN_MAX_CHARS = 10_000

interface Automaton {
  /** goto edges of each state, keyed by folded code unit */
  next: Map<number, number>[]
  fail: Int32Array
  /** index into `words` of the keyword ending at this state, or -1 */
  word: Int32Array
  /** nearest state on the fail chain that ends a keyword, or -1 (dictionary suffix link) */
  dict: Int32Array
  /** folded length of each keyword, to compute the start of a hit */
  lengths: number[]
}

function build(words: string[]): Automaton {
  const next: Map<number, number>[] = [new Map()]
  const wordAt: number[] = [-1]
  const lengths: number[] = []
  words.forEach((word, index) => {
    lengths.push(word.length)
    if (word.length === 0) return
    let state = 0
    for (let i = 0; i < word.length; i++) {
      const code = foldCode(word.charCodeAt(i))
      const edges = next[state]!
      let to = edges.get(code)
      if (to === undefined) {
        to = next.length
        next.push(new Map())
        wordAt.push(-1)
        edges.set(code, to)
      }
      state = to
    }
    // keywords that fold to the same text report the first one given
    if (wordAt[state] === -1) wordAt[state] = index
  })

  const size = next.length
  const fail = new Int32Array(size)
  const dict = new Int32Array(size).fill(-1)
  const word = Int32Array.from(wordAt)
  // breadth-first, so a state's fail target is always finished before the state itself
  const queue: number[] = []
  for (const child of next[0]!.values()) queue.push(child)
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!
    for (const [code, child] of next[state]!) {
      let f = fail[state]!
      while (f !== 0 && !next[f]!.has(code)) f = fail[f]!
      const target = next[f]!.get(code)
      fail[child] = target !== undefined && target !== child ? target : 0
      const via = fail[child]!
      dict[child] = word[via]! !== -1 ? via : dict[via]!
      queue.push(child)
    }
  }
  return { next, fail, word, dict, lengths }
}

/**
 * Every occurrence of every keyword in the first `KEYWORD_SCAN_MAX_CHARS` of `text`, in
 * the order their ends are reached. Empty keywords never match.
 */
export function compileKeywordSearch(words: string[]): (text: string) => KeywordHit[] {
  const { next, fail, word, dict, lengths } = build(words)
  const root = next[0]!
  if (root.size === 0) return () => []
  /** the code units a keyword starts with: at the root, any other one stays at the root and ends nothing */
  const starts = new Uint8Array(0x10000)
  for (const code of root.keys()) starts[code] = 1
  return (text) => {
    const hits: KeywordHit[] = []
    let state = 0
    const end = Math.min(text.length, KEYWORD_SCAN_MAX_CHARS)
    for (let i = 0; i < end; i++) {
      const code = foldCode(text.charCodeAt(i))
      if (state === 0 && starts[code] === 0) continue
      let to = next[state]!.get(code)
      while (to === undefined && state !== 0) {
        state = fail[state]!
        to = next[state]!.get(code)
      }
      state = to ?? 0
      for (let s = word[state]! !== -1 ? state : dict[state]!; s !== -1; s = dict[s]!) {
        const index = word[s]!
        const keyword = words[index]!
        hits.push({ keyword, start: i + 1 - lengths[index]!, end: i + 1 })
      }
    }
    return hits
  }
}

/**
 * `(text) => distinct keywords found`, case-insensitive for Latin letters and blind to
 * full-width vs half-width ASCII. Compile once per keyword list; the returned function
 * is cheap to call.
 */
export function compileKeywords(words: string[]): (text: string) => string[] {
  const search = compileKeywordSearch(words)
  return (text) => {
    const seen = new Set<string>()
    for (const hit of search(text)) seen.add(hit.keyword)
    return [...seen]
  }
}
