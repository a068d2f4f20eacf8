import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import type { ActivityStore } from '../store/activity-store'
import { roleAllows, type HqRole } from '../core/commands/hq-role'
import type { AppContext } from '../feature'
import { consoleMessages } from '../texts'
import type { AuditLog } from '../store/audit-log'
import type { ConsoleAuth } from '../store/console-auth'
import type { Keys } from '../store/keys'
import type { Viewer } from './auth'
import { page } from './layout'
import { runCommand } from './run-command'
import { groupsTable, type GroupsTable } from './console-data'
import { freshValue, type Fresh } from './fresh-value'

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: Viewer
  }
  interface FastifyContextConfig {
    /** served without a session (health, the sign-in link, static files) */
    public?: boolean
  }
}

/** What the console's pages share: the bot's context, its stores, the role check, actions. */
export interface ConsoleContext {
  ctx: AppContext
  /** the console reads Redis itself, as an edge (pacing keys, id sequences, case decisions) */
  redis: Redis
  keys: Keys
  store: ActivityStore
  auth: ConsoleAuth
  audit: AuditLog
  account: string
  /** the viewer when their role is at least `role`; otherwise answers 403 and returns undefined */
  need(req: FastifyRequest, reply: FastifyReply, role: HqRole): Viewer | undefined
  /** the groups table, reused for `console.groupsTableSeconds` (page and export share it) */
  groupsTable(): Promise<Fresh<GroupsTable>>
  /** runs an HQ command for the viewer, writes it to the audit log, answers the form or API call */
  act(req: FastifyRequest, reply: FastifyReply, command: string, back: string): Promise<FastifyReply>
  /** the answer to the session's last action, once (the server's words only: never a query parameter) */
  flash(req: FastifyRequest): Promise<string | undefined>
}

export function createConsoleContext(deps: Omit<ConsoleContext, 'need' | 'act' | 'groupsTable' | 'flash'>): ConsoleContext {
  const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json') || !req.viewer?.csrf
  const c: ConsoleContext = {
    ...deps,
    groupsTable: freshValue(
      () => groupsTable(deps.ctx, deps.store, deps),
      () => deps.ctx.config().console.groupsTableSeconds * 1000,
      deps.ctx.now,
    ),
    need(req, reply, role) {
      const viewer = req.viewer
      if (viewer && roleAllows(viewer.role, role)) return viewer
      void reply.code(403).type('text/html; charset=utf-8').send(page({ title: consoleMessages.forbidden, viewer, body: '' }))
      return undefined
    },
    async act(req, reply, command, back) {
      const viewer = req.viewer
      if (!viewer) return reply.code(401).send()
      const result = await runCommand(deps.ctx, viewer, command)
      if (!result.ok && result.replies[0] === consoleMessages.forbidden) {
        return reply.code(403).type('text/html; charset=utf-8').send(page({ title: consoleMessages.forbidden, viewer, body: '' }))
      }
      if (result.ok) {
        await deps.audit.record({ at: deps.ctx.now(), action: 'console', by: viewer.contactId, why: command, evidence: result.replies.join('\n').slice(0, 2000) })
      }
      if (wantsJson(req) || !viewer.sessionId) return reply.code(result.ok ? 200 : 400).send(result)
      // the answer waits in the session for the page after the redirect: a URL could be crafted
      await deps.auth.setFlash(viewer.sessionId, result.replies.join('\n'))
      return reply.redirect(back, 303)
    },
    async flash(req) {
      const id = req.viewer?.sessionId
      return id ? deps.auth.takeFlash(id) : undefined
    },
  }
  return c
}
