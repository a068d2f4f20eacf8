import type { FastifyInstance } from 'fastify'
import { consoleMessages as m } from '../../texts'
import { schedulesTable } from '../console-data'
import type { ConsoleContext } from '../console-context'
import { esc } from '../html'
import { exportLinks, page, postButton } from '../layout'
import { tableHtml } from '../table'

/** 定时: every schedule with its next run; create and delete (operators) as `#定时` / `#删除定时` do. */
export function schedulesPage(app: FastifyInstance, c: ConsoleContext): void {
  app.get('/schedules', async (req, reply) => {
    const viewer = c.need(req, reply, 'viewer')
    if (!viewer) return reply
    const table = await schedulesTable(c.ctx)
    const operator = viewer.role !== 'viewer'
    table.columns.push({ key: 'actions', label: m.schedulesCols.actions })
    const f = m.scheduleFields
    const form = operator
      ? `<h2>${esc(m.scheduleNew)}</h2><form method="post" action="/schedules" class="card" id="schedule-form">
<input type="hidden" name="_csrf" value="${esc(viewer.csrf ?? '')}">
<p><input type="text" name="when" placeholder="${esc(f.when)}" required></p>
<p><input type="text" name="target" placeholder="${esc(f.target)}" required></p>
<p><textarea name="text" rows="3" cols="40" placeholder="${esc(f.text)}" required></textarea></p>
<button>${esc(m.create)}</button></form>`
      : ''
    const list = table.rows.length
      ? exportLinks('schedules') +
        tableHtml(table, {
          text: (row) => `<div class="wrap">${esc(row.text)}</div>`,
          actions: (row) => (operator && row.source === m.scheduleSource.hq ? postButton(viewer, `/schedules/${esc(row.id)}/delete`, m.remove) : ''),
        })
      : `<p class="muted">${esc(m.noSchedules)}</p>`
    return reply.type('text/html; charset=utf-8').send(page({ title: m.nav.schedules, viewer, section: 'schedules', body: list + form, flash: await c.flash(req) }))
  })

  app.post<{ Body: { when?: string; target?: string; text?: string } }>('/schedules', async (req, reply) => {
    if (!c.need(req, reply, 'operator')) return reply
    const { when = '', target = '', text = '' } = req.body ?? {}
    // one line each: the parser reads the text to the end, the time and target as words
    const oneWord = (s: string) => s.trim().replace(/\s+/g, ' ')
    return c.act(req, reply, `#定时 ${oneWord(when)} ${oneWord(target)} ${text.trim()}`, '/schedules')
  })

  app.post<{ Params: { id: string } }>('/schedules/:id/delete', async (req, reply) => {
    if (!c.need(req, reply, 'operator')) return reply
    if (!/^S\d{1,9}$/.test(req.params.id)) return reply.code(400).send()
    return c.act(req, reply, `#删除定时 ${req.params.id}`, '/schedules')
  })
}
