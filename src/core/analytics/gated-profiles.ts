/**
 * The members who came in through the entry gate, as `#报告` shows them: how many, and what
 * they chose in the form's choice questions (city, industry). Bounded: a report is read on
 * a phone, so a few questions and a few answers each, the rest summed.
 */

/** most choice questions shown, and answers per question; the rest of a question's answers are summed */
export const GATED_QUESTIONS_SHOWN = 3
export const GATED_ANSWERS_SHOWN = 4

export interface GatedProfiles {
  /** current members whose gate profile names this group */
  count: number
  /** per choice question (its id), answers most first; `others`: members with another answer */
  byQuestion: Array<{ question: string; answers: Array<{ answer: string; count: number }>; others: number }>
}

/** Every count of every answer, so reports of many groups can be summed before they are cut. */
export interface GatedTally {
  count: number
  answers: Record<string, Record<string, number>>
}

/** `choices`: one per gated member, their answers to the choice questions of their form */
export function tallyGated(choices: ReadonlyArray<Readonly<Record<string, string>>>): GatedTally {
  const answers: Record<string, Record<string, number>> = {}
  for (const c of choices) {
    for (const [q, a] of Object.entries(c)) {
      const counts = (answers[q] ??= {})
      counts[a] = (counts[a] ?? 0) + 1
    }
  }
  return { count: choices.length, answers }
}

export function mergeTallies(tallies: readonly GatedTally[]): GatedTally {
  const out: GatedTally = { count: 0, answers: {} }
  for (const t of tallies) {
    out.count += t.count
    for (const [q, counts] of Object.entries(t.answers)) {
      const into = (out.answers[q] ??= {})
      for (const [a, n] of Object.entries(counts)) into[a] = (into[a] ?? 0) + n
    }
  }
  return out
}

const mostFirst = <T extends { count: number }>(key: (x: T) => string) => (a: T, b: T) => b.count - a.count || key(a).localeCompare(key(b), 'zh-CN')

/** The tally cut for reading: the most-answered questions, their most frequent answers. */
export function gatedProfiles(tally: GatedTally): GatedProfiles {
  const questions = Object.entries(tally.answers)
    .map(([question, counts]) => ({ question, counts, count: Object.values(counts).reduce((s, n) => s + n, 0) }))
    .sort(mostFirst((q) => q.question))
    .slice(0, GATED_QUESTIONS_SHOWN)
  return {
    count: tally.count,
    byQuestion: questions.map((q) => {
      const all = Object.entries(q.counts)
        .map(([answer, count]) => ({ answer, count }))
        .sort(mostFirst((x) => x.answer))
      const shown = all.slice(0, GATED_ANSWERS_SHOWN)
      return { question: q.question, answers: shown, others: all.slice(GATED_ANSWERS_SHOWN).reduce((s, x) => s + x.count, 0) }
    }),
  }
}

/** The gate's own counts for a day and the 7 days ending it (`entry-stats:<day>`). */
export interface GateActivity {
  today: GateCounts
  week: GateCounts
}
export interface GateCounts {
  /** friend requests without a keyword (or with a refused code), left for a human */
  unmatched: number
  /** applications opened, newcomers who joined a group through the gate, applications that timed out unanswered */
  started: number
  joined: number
  timedOut: number
}
