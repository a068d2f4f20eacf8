import { buildFaqIndex } from './match'

/** One labelled pair of the FAQ set (test/fixtures/faq/pairs.json): `b` asks `a` again (same) or is a near miss. */
export interface FaqPair {
  a: string
  b: string
  same: boolean
}

export interface FaqEvaluation {
  minScore: number
  answered: number
  correct: number
  wrong: number
  sameTotal: number
  precision: number
  recall: number
  /** the pairs answered wrongly: `b`, and the entry question it was answered with */
  mistakes: { b: string; answeredWith: string }[]
}

/**
 * Precision and recall of the automatic answer on a labelled set: every distinct `a` is one
 * entry, every `b` is asked. A `b` answered with its own `a` (same) is correct; any other
 * answer is wrong (a near miss answered, or the wrong entry).
 */
export function evaluateFaq(pairs: readonly FaqPair[], minScore: number, margin: number): FaqEvaluation {
  const questions = [...new Set(pairs.map((p) => p.a))]
  const index = buildFaqIndex(questions.map((q, i) => ({ id: `F${i + 1}`, questions: [q], minScore })))
  const idOf = new Map(questions.map((q, i) => [q, `F${i + 1}`]))
  let answered = 0
  let correct = 0
  const mistakes: FaqEvaluation['mistakes'] = []
  for (const p of pairs) {
    const v = index.decide(p.b, margin)
    if (v.kind !== 'answer') continue
    answered++
    if (p.same && v.id === idOf.get(p.a)) correct++
    else mistakes.push({ b: p.b, answeredWith: questions[Number(v.id.slice(1)) - 1]! })
  }
  const sameTotal = pairs.filter((p) => p.same).length
  return {
    minScore,
    answered,
    correct,
    wrong: answered - correct,
    sameTotal,
    precision: answered ? correct / answered : 1,
    recall: sameTotal ? correct / sameTotal : 0,
    mistakes,
  }
}
