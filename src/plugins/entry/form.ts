import { ENTRY_ANSWER_MAX_CHARS } from '../../config/text-caps'
import type { EntryForm, EntryQuestion } from '../../config/schema'
import { fillTemplate } from '../../core/template'
import { entryMessages } from './texts'
import { cleanShown } from '../../texts/shown-text'

export type AnswerCheck = { ok: true; value: string } | { ok: false; reason: string }

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase()

/**
 * Whether `text` answers `question`. A choice is matched ignoring case and width and stored
 * as the operator wrote it (「beijing」 → 「Beijing」); a pattern is run with flag `u` on the
 * cleaned text. The answer is kept cleaned (`cleanShown`: no control or bidi characters, no
 * markup, one line): the bot repeats it in the suggested nickname, the welcome and HQ's lines.
 * The reason is what the newcomer reads before the question comes again.
 */
export function checkAnswer(question: EntryQuestion, text: string): AnswerCheck {
  // far past the cap it is too long whatever cleaning would remove: not read further
  if (text.length > 8 * ENTRY_ANSWER_MAX_CHARS) return { ok: false, reason: entryMessages.tooLong(ENTRY_ANSWER_MAX_CHARS) }
  const value = cleanShown(text.normalize('NFKC'))
  if (!value) return { ok: false, reason: entryMessages.emptyAnswer }
  if (Array.from(value).length > ENTRY_ANSWER_MAX_CHARS) return { ok: false, reason: entryMessages.tooLong(ENTRY_ANSWER_MAX_CHARS) }
  if (question.choices) {
    const choice = question.choices.find((c) => fold(c) === fold(value))
    if (!choice) return { ok: false, reason: entryMessages.notAChoice(question.choices) }
    return { ok: true, value: choice }
  }
  if (question.pattern !== undefined && !new RegExp(question.pattern, 'u').test(value)) {
    return { ok: false, reason: question.hint ?? entryMessages.badFormat }
  }
  return { ok: true, value }
}

/** The question as the newcomer reads it: its number, the question, the choices. */
export function questionText(form: EntryForm, index: number): string {
  const q = form.questions[index]
  if (!q) throw new Error(`form of ${form.target} has no question ${index}`)
  return entryMessages.question(index, form.questions.length, q.ask, q.choices)
}

/** The suggested group nickname from the answers; undefined without a template or with a missing answer. */
export function suggestedNickname(form: EntryForm | undefined, answers: Record<string, string>): string | undefined {
  if (!form?.nickname) return undefined
  const filled = cleanShown(fillTemplate(form.nickname, answers))
  return /\{[^{}\s]{1,20}\}/.test(filled) || !filled ? undefined : filled
}

/** The answer that picks the group (the question marked `route`), when the form has one. */
export function routeAnswer(form: EntryForm | undefined, answers: Record<string, string>): string | undefined {
  const q = form?.questions.find((x) => x.route)
  return q ? answers[q.id] : undefined
}
