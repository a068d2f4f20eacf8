import type { FastifyInstance } from 'fastify'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import { dayKey, localTime } from '../../core/time-window'
import { consoleMessages as m, formatLocalTime } from '../../texts'
import type { ConsoleContext } from '../console-context'
import { esc } from '../html'
import { page } from '../layout'
import { bullBoardPage } from '../security-headers'

const STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized'] as const

/** 队列: the pacing state from the outbound keys, job counts, and bull-board under /queues (admin only). */
export async function queuePage(app: FastifyInstance, c: ConsoleContext): Promise<void> {
  app.get('/queue', async (req, reply) => {
    const viewer = c.need(req, reply, 'viewer')
    if (!viewer) return reply
    const { ctx, account, redis, keys } = c
    const config = ctx.config()
    const now = ctx.now()
    const [nextAt, failures, today] = await Promise.all([
      redis.get(keys.pacingNextAt(account)),
      redis.get(keys.failures(account)),
      redis.get(keys.dailyCount(account, dayKey(now, config.timezone))),
    ])
    const pausedMs = await ctx.outbound.queue.getRateLimitTtl().catch(() => 0)
    const next = Math.max(Number(nextAt) || 0, pausedMs > 0 ? now + pausedMs : 0)
    const q = m.queue
    const rows: [string, string][] = [
      [q.nextAt, next > now ? formatLocalTime(localTime(next, config.timezone)) : q.now],
      [q.today, `${Number(today) || 0} / ${config.outbound.dailyCap}`],
      [q.breaker, pausedMs > 0 ? q.breakerOpen(Number(failures) || 0) : q.breakerClosed(Number(failures) || 0)],
    ]
    const counts = []
    for (const queue of [ctx.outbound.queue, ctx.control.queue]) {
      const n = await queue.getJobCounts(...STATES)
      counts.push(`<tr><td>${esc(queue.name)}</td>${STATES.map((k) => `<td>${n[k] ?? 0}</td>`).join('')}</tr>`)
    }
    const body = `<h2>${esc(q.pacing)}</h2><div class="scroll"><table id="pacing">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></div>
<h2>${esc(q.counts)}</h2><div class="scroll"><table><tr><th></th>${STATES.map((k) => `<th>${esc(q.states[k])}</th>`).join('')}</tr>${counts.join('')}</table></div>
${viewer.role === 'admin' ? `<p><a class="btn" href="/queues">${esc(q.board)}</a></p>` : ''}`
    return reply.type('text/html; charset=utf-8').send(page({ title: m.nav.queue, viewer, section: 'queue', body }))
  })

  // bull-board: its own UI and API under /queues, for admins only (it can retry and remove jobs)
  const board = new FastifyAdapter()
  board.setBasePath('/queues')
  createBullBoard({ queues: [new BullMQAdapter(c.ctx.outbound.queue), new BullMQAdapter(c.ctx.control.queue)], serverAdapter: board })
  await app.register(async (scope) => {
    scope.addHook('preHandler', async (req, reply) => {
      if (!c.need(req, reply, 'admin')) return reply
      return undefined
    })
    // its page without the Google Fonts link (security-headers.ts)
    scope.addHook('onSend', async (_req, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '')
      return typeof payload === 'string' && type.startsWith('text/html') ? bullBoardPage(payload) : payload
    })
    await scope.register(board.registerPlugin(), { prefix: '/queues' })
  })
}
