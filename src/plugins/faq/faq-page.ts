import type { ConsolePageRequest, ConsolePageSpec } from '../../plugin'
import type { FaqEntryView } from '../../store/faq'
import { faqTexts } from './texts'

const ID = /^F\d{1,9}$/

/** What the page's actions do: the same store and words as `#FAQ 改` and `#FAQ 删` (index.ts). */
export interface FaqPageDeps {
  all(): Promise<FaqEntryView[]>
  /** `faq.scopes`: the tags an entry's answers stay within */
  scopes(): readonly string[]
  disabled(): boolean
  edit(id: string, answer: string, by: string): Promise<string>
  remove(id: string): Promise<string>
}

function row(r: ConsolePageRequest, e: FaqEntryView, scopes: readonly string[], operator: boolean): string {
  const { esc } = r
  const scoped = e.tags.filter((t) => scopes.includes(t))
  const questions = e.questions.map((q) => `<li>${esc(q)}</li>`).join('')
  const answer = operator
    ? r.form('edit', faqTexts.page.save, `<textarea name="answer" rows="3" cols="40">${esc(e.answer)}</textarea>`, { id: e.id }) +
      ' ' +
      r.form('remove', faqTexts.page.remove, '', { id: e.id })
    : `<div class="wrap">${esc(e.answer)}</div>`
  return (
    `<tr id="faq-${esc(e.id)}"><td data-v="${esc(e.id)}">${esc(e.id)}</td><td class="wrap"><ul>${questions}</ul></td>` +
    `<td class="wrap">${answer}</td><td data-v="${esc(scoped.join(','))}">${esc(scoped.length ? scoped.join('、') : faqTexts.page.everywhere)}</td>` +
    `<td data-v="${e.hits}">${e.hits}</td><td data-v="${e.wrong}">${e.wrong}</td></tr>`
  )
}

/** The FAQ's console page (/p/faq): every entry with its wordings, answer, scope and hits; operators edit and delete. */
export function faqPage(deps: FaqPageDeps): ConsolePageSpec {
  const idOf = (r: ConsolePageRequest) => {
    const id = (r.fields.id ?? '').toUpperCase()
    return ID.test(id) ? id : undefined
  }
  return {
    path: 'faq',
    title: faqTexts.page.title,
    role: 'viewer',
    async render(r) {
      const entries = await deps.all()
      const operator = r.viewer.role !== 'viewer'
      const c = faqTexts.page.cols
      const head = `<tr><th>${r.esc(c.id)}</th><th>${r.esc(c.questions)}</th><th>${r.esc(c.answer)}</th><th>${r.esc(c.scope)}</th><th data-numeric="1">${r.esc(c.hits)}</th><th data-numeric="1">${r.esc(c.wrong)}</th></tr>`
      const warn = deps.disabled() ? `<p class="msg">${r.esc(faqTexts.page.disabled)}</p>` : ''
      if (!entries.length) return `${warn}<p class="muted">${r.esc(faqTexts.page.empty)}</p>`
      const rows = entries.map((e) => row(r, e, deps.scopes(), operator)).join('')
      return `${warn}<div class="scroll"><table class="sortable" id="faq-table"><thead>${head}</thead><tbody>${rows}</tbody></table></div>`
    },
    actions: {
      edit: {
        role: 'operator',
        async run(r) {
          const id = idOf(r)
          const answer = (r.fields.answer ?? '').trim()
          if (!id) return faqTexts.page.badId
          if (!answer) return faqTexts.missingAnswer
          return deps.edit(id, answer, r.viewer.contactId)
        },
      },
      remove: {
        role: 'operator',
        async run(r) {
          const id = idOf(r)
          return id ? deps.remove(id) : faqTexts.page.badId
        },
      },
    },
  }
}
