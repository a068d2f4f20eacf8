import type { FastifyInstance } from 'fastify'
import { groupLabel } from '../../core/groups'
import { effectivePolicy } from '../../core/rules/effective-policy'
import { consoleMessages as m, hqMessages } from '../../texts'
import { casesTable } from '../console-data'
import type { ConsoleContext } from '../console-context'
import { esc } from '../html'
import { exportLinks, page, postButton } from '../layout'
import { tableHtml } from '../table'
import { labelledRoutes, labelledSection } from './labelled-page'

const ID = /^R\d{1,9}$/

/** 规则: the effective rules (the defaults, and each group with its own), removals and review items with 广告 / 误判. */
export function rulesPage(app: FastifyInstance, c: ConsoleContext): void {
  app.get('/rules', async (req, reply) => {
    const viewer = c.need(req, reply, 'viewer')
    if (!viewer) return reply
    const config = c.ctx.config()
    const groups = await c.ctx.groups()
    const own = groups.filter((g) => g.entry?.rules)
    const policies = [
      `<div class="card"><pre class="text">${esc(hqMessages.rulesSummary(undefined, effectivePolicy(config.rules, undefined)))}</pre></div>`,
      ...own.map((g) => `<div class="card"><pre class="text">${esc(hqMessages.rulesSummary(groupLabel(g), effectivePolicy(config.rules, g.entry?.rules)))}</pre></div>`),
    ].join('')
    const { table, cases } = await casesTable(c.ctx, c)
    const operator = viewer.role !== 'viewer'
    table.columns.push({ key: 'actions', label: m.casesCols.actions })
    const casesHtml = cases.length
      ? exportLinks('cases') +
        tableHtml(table, {
          text: (row) => `<div class="wrap">${esc(row.text)}</div>`,
          actions: (_row, i) => {
            const k = cases[i]
            if (!k || k.decision || !operator) return ''
            return postButton(viewer, `/cases/${k.id}/ad`, m.ad) + ' ' + postButton(viewer, `/cases/${k.id}/notad`, m.notAd)
          },
        })
      : `<p class="muted">${esc(m.noCases)}</p>`
    const body = `<h2>${esc(m.rules.effective)}</h2><div class="cards">${policies}</div><h2>${esc(m.rules.cases)}</h2>${casesHtml}${await labelledSection(c, viewer)}`
    return reply.type('text/html; charset=utf-8').send(page({ title: m.nav.rules, viewer, section: 'rules', body, flash: await c.flash(req) }))
  })

  // the labelled store: export, and upload (preview, then import) (issue 19)
  labelledRoutes(app, c)

  for (const [verb, command] of [['ad', '#广告'], ['notad', '#误判']] as const) {
    app.post<{ Params: { id: string } }>(`/cases/:id/${verb}`, async (req, reply) => {
      if (!c.need(req, reply, 'operator')) return reply
      if (!ID.test(req.params.id)) return reply.code(400).send()
      return c.act(req, reply, `${command} ${req.params.id}`, '/rules')
    })
  }
}
