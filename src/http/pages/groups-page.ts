import { cleanShown } from '../../texts/shown-text'
import type { FastifyInstance } from 'fastify'
import { loadGroupView } from '../../plugins/analytics/group-view'
import { reportText } from '../../plugins/analytics/reports'
import { toGroupDays } from '../../plugins/analytics/to-activity'
import { consoleMessages as m, formatLocalTime } from '../../texts'
import { last30 } from '../console-data'
import { localTime } from '../../core/time-window'
import type { ConsoleContext } from '../console-context'
import { esc, sparkline } from '../html'
import { exportLinks, page } from '../layout'
import { tableHtml } from '../table'

const html = 'text/html; charset=utf-8'

/** 群组: every managed group, sortable, filterable by tag; each links to its report with charts. */
export function groupsPage(app: FastifyInstance, c: ConsoleContext): void {
  app.get('/groups', async (req, reply) => {
    const viewer = c.need(req, reply, 'viewer')
    if (!viewer) return reply
    const fresh = await c.groupsTable()
    const { table, spark } = fresh.value
    const config = c.ctx.config()
    const asOf = `<p class="muted" id="table-as-of">${esc(m.tableAsOf(formatLocalTime(localTime(fresh.at, config.timezone)), config.console.groupsTableSeconds))}</p>`
    const tags = [...new Set(table.rows.flatMap((r) => String(r.tags).split(',').filter(Boolean)))].sort()
    const filter = `<label>${esc(m.filterTag)} <select id="tag-filter"><option value="">${esc(m.allTags)}</option>${tags.map((t) => `<option>${esc(t)}</option>`).join('')}</select></label>`
    const body =
      `<div class="bar">${filter}${exportLinks('groups')}</div>` +
      tableHtml(
        table,
        {
          name: (row) => `<a href="/groups/${encodeURIComponent(String(row.roomId))}">${esc(row.name)}</a>`,
          trend: (_row, i) => sparkline(spark[i] ?? []),
        },
        (row) => `data-tags="${esc(row.tags)}"`,
      ) +
      asOf
    return reply.type(html).send(page({ title: m.nav.groups, viewer, section: 'groups', body }))
  })

  app.get<{ Params: { roomId: string } }>('/groups/:roomId', async (req, reply) => {
    const viewer = c.need(req, reply, 'viewer')
    if (!viewer) return reply
    const group = (await c.ctx.groups()).find((g) => g.roomId === req.params.roomId)
    if (!group) return reply.code(404).type(html).send(page({ title: m.notFound, viewer, section: 'groups', body: '' }))
    const view = await loadGroupView(c.ctx, c.store, group)
    const days = last30(toGroupDays(view.activity), view.report.day)
    const r = m.report
    const data = {
      labels: days.map((d) => d.day.slice(5)),
      messages: days.map((d) => d.messages),
      joins: days.map((d) => d.joins),
      leaves: days.map((d) => d.leaves),
      tiers: [view.report.tiers.core, view.report.tiers.middle, view.report.tiers.outer],
      names: { messages: r.messages, joins: r.joins, leaves: r.leaves, tiers: r.tierNames },
    }
    const body = `<p><a href="/groups">${esc(r.back)}</a></p>
<div class="cards">
<div class="card"><h2>${esc(r.messages)}</h2><canvas id="chart-messages" height="180"></canvas></div>
<div class="card"><h2>${esc(r.joinsLeaves)}</h2><canvas id="chart-joins" height="180"></canvas></div>
<div class="card"><h2>${esc(r.tiers)}</h2><canvas id="chart-tiers" height="180"></canvas></div>
</div>
<h2>${esc(r.text)}</h2><pre class="card text">${esc(reportText([view]))}</pre>
<script id="chart-data" type="application/json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script src="/static/chart.js"></script>
<script src="/static/group-charts.js"></script>`
    return reply.type(html).send(page({ title: cleanShown(group.topic), viewer, section: 'groups', body }))
  })
}

/** Draws the three charts of a group's report page from its embedded JSON. */
export const GROUP_CHARTS_JS = `
(function(){var d=JSON.parse(document.getElementById('chart-data').textContent);
function opts(){return {animation:false,responsive:true,plugins:{legend:{display:true}}}}
window.qunhqCharts=[
new Chart(document.getElementById('chart-messages'),{type:'line',data:{labels:d.labels,datasets:[{label:d.names.messages,data:d.messages,borderColor:'#2b7',tension:.2}]},options:opts()}),
new Chart(document.getElementById('chart-joins'),{type:'bar',data:{labels:d.labels,datasets:[{label:d.names.joins,data:d.joins,backgroundColor:'#457b9d'},{label:d.names.leaves,data:d.leaves,backgroundColor:'#e63946'}]},options:opts()}),
new Chart(document.getElementById('chart-tiers'),{type:'doughnut',data:{labels:d.names.tiers,datasets:[{data:d.tiers,backgroundColor:['#1d3557','#457b9d','#a8dadc']}]},options:opts()})];
document.body.dataset.charts='ready'})();
`
