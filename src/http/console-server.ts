import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import formbody from '@fastify/formbody'
import type { Logger } from 'pino'
import type { AppContext } from '../feature'
import { consoleMessages as m } from '../texts'
import type { Redis } from 'ioredis'
import type { ConsoleAuth } from '../store/console-auth'
import type { Keys } from '../store/keys'
import { hasBearer, identify, sameSecret, SESSION_COOKIE } from './auth'
import { clearedCookie, readCookie, sessionCookie } from './cookies'
import { createConsoleContext } from './console-context'
import { exportRoute } from './export-route'
import { CONSOLE_CSS, CONSOLE_JS, page } from './layout'
import { securityHeaders } from './security-headers'
import { createSignInLimit } from './sign-in-limit'
import { createPluginPages, pluginPageRoutes, type PluginPages } from './plugin-pages'
import { broadcastsPage } from './pages/broadcasts-page'
import { GROUP_CHARTS_JS, groupsPage } from './pages/groups-page'
import { queuePage } from './pages/queue-page'
import { rulesPage } from './pages/rules-page'
import { schedulesPage } from './pages/schedules-page'

/** A Prometheus registry as the console serves it (prom-client's `Registry` has this shape). */
export interface MetricsSource {
  contentType: string
  metrics(): Promise<string>
}

export interface ConsoleOptions {
  ctx: AppContext
  redis: Redis
  keys: Keys
  auth: ConsoleAuth
  /** the outbound queue's account (its pacing keys) */
  account: string
  /** 0: any free port (tests); the real one is in `url` */
  port: number
  host?: string
  /** `Authorization: Bearer <ADMIN_TOKEN>`: admin access for machines; at least 32 characters */
  adminToken?: string
  /** the reverse proxies whose X-Forwarded-For is believed (HTTP_TRUST_PROXY); unset: none, the connection's address counts */
  trustProxy?: string
  metrics?: MetricsSource
  /** the plugins' pages (`ConsoleService.page`) */
  pages?: PluginPages
  logger: Logger
}

export interface ConsoleServer {
  /** where operators open it: `console.publicUrl`, else http://127.0.0.1:<port> (or the address bound: localUrl) */
  url: string
  port: number
  close(): Promise<void>
}

const html = 'text/html; charset=utf-8'

/** The shortest ADMIN_TOKEN the console accepts (env.ts refuses shorter at start-up too). */
export const ADMIN_TOKEN_MIN = 32

/** The web console (issue 13, docs/console.md): Fastify, server-rendered Chinese pages. */
export async function startConsole(opts: ConsoleOptions): Promise<ConsoleServer> {
  const { ctx } = opts
  if (opts.adminToken !== undefined && opts.adminToken.length < ADMIN_TOKEN_MIN) {
    throw new Error(`ADMIN_TOKEN is too short: at least ${ADMIN_TOKEN_MIN} characters (e.g. openssl rand -hex 32)`)
  }
  // chart.js from the project's own node_modules (no CDN): its package exports only `.`, so
  // the UMD build is found beside the file `.` resolves to (dist/chart.cjs)
  const chartJs = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8')
  // X-Forwarded-For only from the proxies named: anyone else could pick their address
  const app: FastifyInstance = Fastify({ logger: false, trustProxy: opts.trustProxy ?? false, bodyLimit: 256 * 1024 })
  await app.register(formbody)
  // every answer: no framing, no sniffing, no Referer (a sign-in link must not leak), a CSP
  app.addHook('onSend', async (req, reply) => {
    for (const [name, value] of Object.entries(securityHeaders(req.url))) if (!reply.hasHeader(name)) void reply.header(name, value)
  })
  // failed sign-ins and bearer checks, per client address (issue 17 item 9)
  const limit = createSignInLimit({
    failures: () => ctx.config().console.signInLimit.failures,
    windowMs: () => ctx.config().console.signInLimit.minutes * 60_000,
    now: ctx.now,
    onBurst: (address, failures, blockedMs) =>
      opts.logger.warn({ address, failures, refusedMinutes: blockedMs / 60_000 }, 'console: too many failed sign-ins from one address'),
  })
  const tooMany = (req: FastifyRequest, reply: FastifyReply, waitMs: number) => {
    const minutes = Math.ceil(waitMs / 60_000)
    void reply.code(429).header('retry-after', String(Math.ceil(waitMs / 1000)))
    return (req.headers.accept ?? '').includes('text/html')
      ? reply.type(html).send(page({ title: m.tooManyTries(minutes), body: '' }))
      : reply.send({ error: 'too many failed sign-ins', retryAfterSeconds: Math.ceil(waitMs / 1000) })
  }
  const { auth } = opts
  const pages = opts.pages ?? createPluginPages()
  const c = createConsoleContext({ ctx, redis: opts.redis, keys: opts.keys, store: ctx.stores.activity, auth, audit: ctx.stores.audit, account: opts.account })
  const secure = () => (ctx.config().console.publicUrl ?? '').startsWith('https:')

  // who is asking, before anything else: no page or API without a session or the token
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.public) return
    const bearer = hasBearer(req.headers.authorization)
    if (bearer) {
      const wait = limit.refusedFor(req.ip)
      if (wait > 0) return tooMany(req, reply, wait)
    }
    const viewer = await identify({ ctx, auth, adminToken: opts.adminToken }, req.headers.authorization, readCookie(req.headers.cookie, SESSION_COOKIE))
    req.viewer = viewer && { ...viewer, nav: pages.navFor(viewer.role) }
    if (req.viewer) return
    if (bearer) limit.failed(req.ip)
    const wantsHtml = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')
    return reply.code(401).type(wantsHtml ? html : 'application/json').send(wantsHtml ? page({ title: m.needSignIn, body: '' }) : { error: 'unauthorized' })
  })
  // every change from a browser carries the session's CSRF token (a form field or a header)
  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.routeOptions.config.public) return
    const viewer = req.viewer
    if (!viewer?.csrf) return // bearer access: no cookie, nothing a browser could forge
    if (req.url.startsWith('/queues/')) {
      // bull-board's own UI cannot carry our token: its actions (admins only) are accepted
      // from this origin alone; the Lax cookie is not sent on another site's POST/PUT either
      const origin = req.headers.origin ?? req.headers.referer
      if (origin && URL.canParse(origin) && new URL(origin).host === req.headers.host) return
      return reply.code(403).type(html).send(page({ title: m.csrf, viewer, body: '' }))
    }
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token']
    if (typeof sent === 'string' && sameSecret(sent, viewer.csrf)) return
    return reply.code(403).type(html).send(page({ title: m.csrf, viewer, body: '' }))
  })
  app.setErrorHandler(async (err: Error & { statusCode?: number }, _req, reply) => {
    if (!err.statusCode || err.statusCode >= 500) opts.logger.error({ err }, 'console request failed')
    return reply.code(err.statusCode ?? 500).send({ error: err.statusCode && err.statusCode < 500 ? err.message : 'internal error' })
  })
  app.setNotFoundHandler(async (req, reply) => reply.code(404).type(html).send(page({ title: m.notFound, viewer: req.viewer, body: '' })))

  const open = { config: { public: true } }
  app.get('/healthz', open, async () => ({ ok: true }))
  app.get('/readyz', open, async (_req, reply) => {
    const redis = await opts.redis.ping().then(() => true, () => false)
    const wechat = ctx.view.isLoggedIn()
    return reply.code(redis && wechat ? 200 : 503).send({ redis, wechat })
  })
  app.get<{ Params: { token: string } }>('/login/:token', open, async (req, reply) => {
    // refused before the link is looked at: a real link stays unspent until the address may try again
    const wait = limit.refusedFor(req.ip)
    if (wait > 0) return tooMany(req, reply, wait)
    const contactId = await auth.redeemLink(req.params.token)
    if (!contactId) {
      limit.failed(req.ip)
      return reply.code(401).type(html).send(page({ title: m.linkBad, body: '' }))
    }
    const config = ctx.config()
    const ttlMs = config.console.sessionHours * 3_600_000
    const { id } = await auth.createSession(contactId, ttlMs, ctx.now())
    void reply.header('set-cookie', sessionCookie(SESSION_COOKIE, id, { maxAgeS: ttlMs / 1000, secure: secure() }))
    return reply.redirect('/groups', 303)
  })
  app.post('/logout', async (req, reply) => {
    if (req.viewer?.sessionId) await auth.endSession(req.viewer.sessionId)
    void reply.header('set-cookie', clearedCookie(SESSION_COOKIE))
    return reply.redirect('/groups', 303)
  })
  app.get('/static/chart.js', open, async (_req, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'max-age=86400').send(chartJs))
  app.get('/static/group-charts.js', open, async (_req, reply) => reply.type('application/javascript; charset=utf-8').send(GROUP_CHARTS_JS))
  app.get('/static/console.js', open, async (_req, reply) => reply.type('application/javascript; charset=utf-8').send(CONSOLE_JS))
  app.get('/static/console.css', open, async (_req, reply) => reply.type('text/css; charset=utf-8').send(CONSOLE_CSS))
  app.get('/', async (_req, reply) => reply.redirect('/groups', 302))
  app.get('/metrics', async (req, reply) => {
    if (!c.need(req, reply, 'admin')) return reply
    if (!opts.metrics) return reply.code(404).send({ error: 'no metrics registry' })
    return reply.type(opts.metrics.contentType).send(await opts.metrics.metrics())
  })

  groupsPage(app, c)
  broadcastsPage(app, c)
  rulesPage(app, c)
  schedulesPage(app, c)
  await queuePage(app, c)
  exportRoute(app, c)
  pluginPageRoutes(app, c, pages)

  try {
    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' })
  } catch (err) {
    await app.close()
    throw err
  }
  const port = (app.server.address() as AddressInfo).port
  const url = (ctx.config().console.publicUrl ?? localUrl(opts.host, port)).replace(/\/$/, '')
  return { url, port, close: () => app.close() }
}

/** Where this machine reaches the console: 127.0.0.1 when it binds every interface (or 127.0.0.1), else the address it binds. */
export function localUrl(host: string | undefined, port: number): string {
  if (!host || ['0.0.0.0', '::', '127.0.0.1'].includes(host)) return `http://127.0.0.1:${port}`
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
