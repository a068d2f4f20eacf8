import type { FastifyInstance } from 'fastify'
import { consoleMessages as m } from '../../texts'
import { broadcastsTable } from '../console-data'
import type { ConsoleContext } from '../console-context'
import { esc } from '../html'
import { exportLinks, page, postButton } from '../layout'
import { tableHtml } from '../table'

const ID = /^B\d{1,9}$/

/** 广播: each B<n> with its text, sender, progress and receipts; cancel and resend (operators). */
export function broadcastsPage(app: FastifyInstance, c: ConsoleContext): void {
  app.get('/broadcasts', async (req, reply) => {
    const viewer = c.need(req, reply, 'viewer')
    if (!viewer) return reply
    const { table, rows } = await broadcastsTable(c.ctx, c)
    const operator = viewer.role !== 'viewer'
    table.columns.push({ key: 'actions', label: m.broadcastsCols.actions })
    const body = rows.length
      ? exportLinks('broadcasts') +
        tableHtml(table, {
          text: (row) => `<div class="wrap">${esc(row.text)}</div>`,
          failed: (row) => `<div class="wrap">${esc(row.failed)}</div>`,
          sent: (row) => `<div class="wrap">${esc(row.sent)}</div>`,
          actions: (_row, i) => {
            const r = rows[i]
            if (!r || !operator) return ''
            const id = r.record.id
            const live = r.record.status === 'running' || r.record.status === 'awaiting'
            const again = r.failed.length + r.uncertain.length > 0 && !live
            return (live ? postButton(viewer, `/broadcasts/${id}/cancel`, m.cancel, 'cancel') : '') + (again ? postButton(viewer, `/broadcasts/${id}/retry`, m.retry, 'retry') : '')
          },
        })
      : `<p class="muted">${esc(m.noBroadcasts)}</p>`
    return reply.type('text/html; charset=utf-8').send(page({ title: m.nav.broadcasts, viewer, section: 'broadcasts', body, flash: await c.flash(req) }))
  })

  for (const [verb, command] of [['cancel', '#取消'], ['retry', '#重发']] as const) {
    app.post<{ Params: { id: string } }>(`/broadcasts/:id/${verb}`, async (req, reply) => {
      if (!c.need(req, reply, 'operator')) return reply
      if (!ID.test(req.params.id)) return reply.code(400).send()
      return c.act(req, reply, `${command} ${req.params.id}`, '/broadcasts')
    })
  }
}
