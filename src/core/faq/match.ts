/**
 * Which stored FAQ entry a member's question asks again, if any (issue 22). Pure: the plugin
 * keeps an index of the entries and asks it once per question.
 *
 * The text is normalised (width, case, punctuation, the polite openings and the closing
 * particles of a question, a few words members use for the same thing), cut into character
 * unigrams and bigrams, and weighed by TF-IDF over the entries; the score is the cosine of
 * the question and the entry's closest variant. Precision comes first (a wrong automatic
 * answer is worse than a question relayed), so:
 * - below `minScore` (raised per entry by each `#误答`) nothing is answered;
 * - when a second entry (another answer) scores within `margin` of the best, nothing is
 *   answered: two answers close is "unsure";
 * - a question that names a different number, weekday or negation than the entry (周六 vs 周日,
 *   3月 vs 4月, 能 vs 不能) is a near miss whatever its score.
 * An inverted index over the grams keeps the cost per question low with thousands of entries.
 */

/** words that ask nothing: removed before matching */
const FILLERS = [
  '请问一下', '请问', '问一下', '问下', '想问一下', '想问下', '想问', '有没有人知道', '有人知道', '谁知道',
  '大家好', '大家', '各位', '老师', '您好', '你好', '谢谢', '麻烦', '打扰了', '一下',
]
/** closing particles of a question */
const PARTICLES = /(?:了没有|没有|了没|(?<![什怎这那多])[吗呢啊呀吧么嘛哈哦喔])+$/u

/** the same thing said with other words (left → right), applied after fillers are gone */
const SAME: readonly (readonly [RegExp, string])[] = [
  [/录播|重播|回看|录屏|录像/gu, '回放'],
  [/多长时间|多长|多少时间|多少天/gu, '多久'],
  [/有没有/gu, '有'],
  [/是不是/gu, '是'],
  [/哪些|哪种|哪个/gu, '什么'],
  [/退款|退钱/gu, '退费'],
  [/几点|什么时候|啥时候|什么时间|哪天|何时/gu, '时间'],
  [/咋|如何|怎样|怎么样/gu, '怎么'],
  [/啥/gu, '什么'],
  [/微信群|群聊/gu, '群'],
  [/课件|讲义|PPT|ppt/gu, '资料'],
  [/能不能|可不可以|可以不可以|能否|可否|可以/gu, '能'],
  [/在哪儿|在哪里|在哪|哪里|哪儿/gu, '哪'],
]

/** characters whose difference changes the question (numbers and weekdays, today/tomorrow, negation, men/women) */
const DISCRIMINATORS = /[0-9一二三四五六七八九十两日今明昨不没别男女]/u
const NEGATION = /[不没别]/u

export function normaliseQuestion(text: string): string {
  let s = text.normalize('NFKC').toLowerCase()
  s = s.replace(/@\S+/gu, '')
  s = s.replace(/[\s\p{P}\p{S}]+/gu, '')
  for (const f of FILLERS) s = s.split(f).join('')
  s = s.replace(PARTICLES, '')
  for (const [re, to] of SAME) s = s.replace(re, to)
  return s
}

function grams(s: string): Map<string, number> {
  const chars = [...s]
  const out = new Map<string, number>()
  const add = (g: string, w: number) => out.set(g, (out.get(g) ?? 0) + w)
  for (let i = 0; i < chars.length; i++) {
    add(chars[i]!, 0.5)
    if (i + 1 < chars.length) add(chars[i]! + chars[i + 1]!, 1)
  }
  return out
}

/** the characters of a text that change its meaning when they differ (digits as whole numbers) */
function marks(s: string): Set<string> {
  const out = new Set<string>()
  for (const m of s.matchAll(/[0-9]+/gu)) out.add(m[0])
  for (const c of s.replace(/[0-9]+/gu, '')) if (DISCRIMINATORS.test(c)) out.add(c)
  return out
}

/** what a question asks for (after normalising): where, when, how, how much, how long, who, what; else yes or no */
const ASKS: readonly (readonly [string, RegExp])[] = [
  ['where', /哪/u],
  ['when', /时间/u],
  ['how', /怎么/u],
  ['how-much', /多少|几/u],
  ['how-long', /多久/u],
  ['who', /谁/u],
  ['what', /什么/u],
]

export function asks(norm: string): string {
  const kinds = ASKS.filter(([, re]) => re.test(norm)).map(([k]) => k)
  return kinds.length ? kinds.join('+') : 'yes-no'
}

/** whether two texts ask for different things, or disagree on a number, weekday, date word or negation */
export function conflicts(a: string, b: string): boolean {
  if (asks(a) !== asks(b)) return true
  const ma = marks(a)
  const mb = marks(b)
  const negA = [...ma].some((c) => NEGATION.test(c))
  const negB = [...mb].some((c) => NEGATION.test(c))
  if (negA !== negB) return true
  for (const x of ma) if (!mb.has(x)) return true
  for (const x of mb) if (!ma.has(x)) return true
  return false
}

export interface FaqDoc {
  /** the entry id (F3) */
  id: string
  /** the question as first asked, and the other wordings learned for the same answer */
  questions: readonly string[]
  /** the score this entry needs (minScore, raised by #误答); Infinity: never answers */
  minScore: number
}

export interface FaqMatch {
  id: string
  score: number
}

export type FaqVerdict =
  | { kind: 'answer'; id: string; score: number }
  | { kind: 'unsure'; reason: 'low' | 'close' | 'conflict'; best?: FaqMatch; second?: FaqMatch }

interface Variant {
  doc: number
  norm: string
  weights: Map<string, number>
  length: number
}

export interface FaqIndex {
  readonly size: number
  /** the best entry of each of the top few, best first, scores in [0, 1] */
  rank(question: string, limit?: number): FaqMatch[]
  /** the decision: answer with one entry, or relay */
  decide(question: string, margin: number, allowed?: (id: string) => boolean): FaqVerdict
}

export function buildFaqIndex(docs: readonly FaqDoc[]): FaqIndex {
  const variants: Variant[] = []
  const df = new Map<string, number>()
  const raw: { doc: number; norm: string; g: Map<string, number> }[] = []
  docs.forEach((d, doc) => {
    for (const q of d.questions) {
      const norm = normaliseQuestion(q)
      if (!norm) continue
      const g = grams(norm)
      raw.push({ doc, norm, g })
      for (const k of g.keys()) df.set(k, (df.get(k) ?? 0) + 1)
    }
  })
  const n = Math.max(1, raw.length)
  const idf = (g: string) => Math.log(1 + (n + 1) / ((df.get(g) ?? 0) + 1))
  const postings = new Map<string, { v: number; w: number }[]>()
  for (const r of raw) {
    const weights = new Map<string, number>()
    let sq = 0
    for (const [g, tf] of r.g) {
      const w = tf * idf(g)
      weights.set(g, w)
      sq += w * w
    }
    const v = variants.length
    variants.push({ doc: r.doc, norm: r.norm, weights, length: Math.sqrt(sq) })
    for (const [g, w] of weights) {
      // candidates are found by their bigrams (a single character is in hundreds of entries); unigrams are added per candidate
      if (g.length < 2 && weights.size > 1) continue
      let list = postings.get(g)
      if (!list) postings.set(g, (list = []))
      list.push({ v, w })
    }
  }

  const dots = new Float64Array(variants.length)

  /** best variant score per doc */
  const lowestMin = docs.reduce((m, d) => Math.min(m, d.minScore), Infinity)

  /**
   * Best variant score per doc, of the docs that may reach `floor`: a candidate's unigrams
   * add at most the query's unigram norm over its own length, so one whose bigrams fall short
   * of `floor` by more is never looked at (a common gram touches most entries).
   */
  function scores(question: string, floor = 0): { norm: string; best: Map<number, { score: number; v: number }> } {
    const norm = normaliseQuestion(question)
    const best = new Map<number, { score: number; v: number }>()
    if (!norm) return { norm, best }
    const q = grams(norm)
    let sq = 0
    const qw = new Map<string, number>()
    for (const [g, tf] of q) {
      const w = tf * idf(g)
      qw.set(g, w)
      sq += w * w
    }
    const qlen = Math.sqrt(sq)
    // one slot per variant, and the variants touched: no map in the inner loop
    const touched: number[] = []
    const unigrams: [string, number][] = []
    let uniSq = 0
    for (const [g, w] of qw) {
      if (g.length < 2) {
        unigrams.push([g, w])
        uniSq += w * w
      }
      const list = postings.get(g)
      if (!list) continue
      for (const p of list) {
        const before = dots[p.v]!
        if (before === 0) touched.push(p.v)
        dots[p.v] = before + w * p.w
      }
    }
    const uniBound = Math.sqrt(uniSq) / (qlen || 1)
    for (const v of touched) {
      const vr = variants[v]!
      let dot = dots[v]!
      dots[v] = 0
      if (vr.weights.size > 1) {
        if (dot / (qlen * vr.length || 1) + uniBound < floor) continue
        for (const [g, w] of unigrams) dot += w * (vr.weights.get(g) ?? 0)
      }
      const score = dot / (qlen * vr.length || 1)
      const cur = best.get(vr.doc)
      if (!cur || score > cur.score) best.set(vr.doc, { score, v })
    }
    return { norm, best }
  }

  function rank(question: string, limit = 3): FaqMatch[] {
    return [...scores(question).best]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, limit)
      .map(([doc, s]) => ({ id: docs[doc]!.id, score: s.score }))
  }

  return {
    size: docs.length,
    rank,
    decide(question, margin, allowed = () => true) {
      const { norm, best } = scores(question, lowestMin - margin)
      // the best two in one pass: a common gram touches most entries, and sorting them all cost more than the scoring
      let top: [number, { score: number; v: number }] | undefined
      let next: [number, { score: number; v: number }] | undefined
      for (const entry of best) {
        if (next && entry[1].score <= next[1].score) continue
        if (!allowed(docs[entry[0]]!.id)) continue
        if (!top || entry[1].score > top[1].score) {
          next = top
          top = entry
        } else next = entry
      }
      if (!top) return { kind: 'unsure', reason: 'low' }
      const [doc, s] = top
      const bestMatch = { id: docs[doc]!.id, score: s.score }
      const second = next ? { id: docs[next[0]]!.id, score: next[1].score } : undefined
      if (s.score < docs[doc]!.minScore) return { kind: 'unsure', reason: 'low', best: bestMatch, ...(second ? { second } : {}) }
      if (second && second.score >= s.score - margin) return { kind: 'unsure', reason: 'close', best: bestMatch, second }
      if (conflicts(norm, variants[s.v]!.norm)) return { kind: 'unsure', reason: 'conflict', best: bestMatch }
      return { kind: 'answer', id: bestMatch.id, score: s.score }
    },
  }
}
