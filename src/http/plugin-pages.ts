import type { FastifyInstance, FastifyReply } from 'fastify'
import { roleAllows, type HqRole } from '../core/commands/hq-role'
import type { ConsolePageRequest, ConsolePageSpec, Disposer } from '../plugin'
import type { Viewer } from './auth'
import type { ConsoleContext } from './console-context'
import { esc } from './html'
import { page } from './layout'

const PATH = /^[a-z0-9-]{1,40}$/
const ACTION = /^[a-z0-9-]{1,40}$/

/** The console pages plugins own (`ConsoleService.page`): registered and removed while the console runs or before it starts. */
export interface PluginPages {
  add(spec: ConsolePageSpec): Disposer
  /** the pages `role` may see, for the navigation */
  navFor(role: HqRole): { href: string; title: string }[]
  get(path: string): ConsolePageSpec | undefined
}

export function createPluginPages(): PluginPages {
  const pages = new Map<string, ConsolePageSpec>()
  return {
    add(spec) {
      if (!PATH.test(spec.path)) throw new Error(`console page path "${spec.path}": only a-z, 0-9 and -`)
      if (pages.has(spec.path)) throw new Error(`console page /p/${spec.path} is registered twice`)
      for (const name of Object.keys(spec.actions ?? {})) if (!ACTION.test(name)) throw new Error(`console page /p/${spec.path}: action "${name}": only a-z, 0-9 and -`)
      pages.set(spec.path, spec)
      return () => {
        if (pages.get(spec.path) === spec) pages.delete(spec.path)
      }
    },
    navFor: (role) => [...pages.values()].filter((p) => roleAllows(role, p.role)).map((p) => ({ href: `/p/${p.path}`, title: p.title })),
    get: (path) => pages.get(path),
  }
}

const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf'))

function pageRequest(spec: ConsolePageSpec, viewer: Viewer, fields: Record<string, string>): ConsolePageRequest {
  return {
    viewer: { contactId: viewer.contactId, name: viewer.name, role: viewer.role },
    fields,
    esc,
    form(action, label, inner = '', hidden = {}) {
      const hiddenHtml = Object.entries({ _csrf: viewer.csrf ?? '', ...hidden })
        .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
        .join('')
      return `<form class="inline" method="post" action="/p/${esc(spec.path)}/${esc(action)}">${hiddenHtml}${inner}<button>${esc(label)}</button></form>`
    },
  }
}

/**
 * GET `/p/:path` renders a plugin's page; POST `/p/:path/:action` runs one of its actions. The
 * console's hooks have already checked the session and the CSRF token (console-server.ts); the
 * roles are checked here, the action is written to the audit log, its answer shown once.
 */
export function pluginPageRoutes(app: FastifyInstance, c: ConsoleContext, pages: PluginPages): void {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound()
    return reply
  }
  app.get<{ Params: { path: string } }>('/p/:path', async (req, reply) => {
    const spec = pages.get(req.params.path)
    if (!spec) return notFound(reply)
    const viewer = c.need(req, reply, spec.role)
    if (!viewer) return reply
    const body = await spec.render(pageRequest(spec, viewer, strings(req.query)))
    return reply.type('text/html; charset=utf-8').send(page({ title: spec.title, viewer, current: `/p/${spec.path}`, body, flash: await c.flash(req) }))
  })
  app.post<{ Params: { path: string; action: string } }>('/p/:path/:action', async (req, reply) => {
    const spec = pages.get(req.params.path)
    const action = spec?.actions?.[req.params.action]
    if (!spec || !action) return notFound(reply)
    const viewer = c.need(req, reply, action.role)
    if (!viewer) return reply
    const said = await action.run(pageRequest(spec, viewer, strings(req.body)))
    await c.audit.record({ at: c.ctx.now(), action: 'console', by: viewer.contactId, why: `/p/${spec.path}/${req.params.action}`, evidence: said.slice(0, 2000) })
    if (!viewer.sessionId || (req.headers.accept ?? '').includes('application/json')) return reply.send({ ok: true, replies: [said] })
    await c.auth.setFlash(viewer.sessionId, said)
    return reply.redirect(`/p/${spec.path}`, 303)
  })
}
