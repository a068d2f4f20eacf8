import type { FastifyInstance } from 'fastify'
import { broadcastsTable, casesTable, schedulesTable } from './console-data'
import type { ConsoleContext } from './console-context'
import { toCsv, toXlsx } from './export-table'
import type { DataTable } from './table'

/** `/export/<table>.csv` and `.xlsx`: any console table with its Chinese headers. */
export function exportRoute(app: FastifyInstance, c: ConsoleContext): void {
  const tables: Record<string, () => Promise<DataTable>> = {
    groups: async () => (await c.groupsTable()).value.table,
    broadcasts: async () => (await broadcastsTable(c.ctx, c)).table,
    cases: async () => (await casesTable(c.ctx, c)).table,
    schedules: () => schedulesTable(c.ctx),
  }
  app.get<{ Params: { name: string; ext: string } }>('/export/:name.:ext', async (req, reply) => {
    if (!c.need(req, reply, 'viewer')) return reply
    const load = Object.hasOwn(tables, req.params.name) ? tables[req.params.name] : undefined
    if (!load || !['csv', 'xlsx'].includes(req.params.ext)) return reply.code(404).send({ error: 'no such table' })
    const table = await load()
    const file = `qunhq-${table.name}.${req.params.ext}`
    void reply.header('content-disposition', `attachment; filename="${file}"`)
    if (req.params.ext === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table))
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table))
  })
}
