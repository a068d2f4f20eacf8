import { createHash, timingSafeEqual } from 'node:crypto'
import type { HqRole } from '../core/commands/hq-role'
import { roleOf } from '../core/roles'
import type { AppContext } from '../feature'
import type { ConsoleAuth } from '../store/console-auth'

export const SESSION_COOKIE = 'qunhq_session'

/** Who is asking: a signed-in HQ member (role read from config now) or the ADMIN_TOKEN. */
export interface Viewer {
  /** the contact id, or `ADMIN_TOKEN` for machine access */
  contactId: string
  name: string
  role: HqRole
  /** the session's CSRF token; undefined for bearer access, which no browser sends by itself */
  csrf?: string
  sessionId?: string
  /** the plugins' console pages this viewer's role may see (the navigation lists them) */
  nav?: { href: string; title: string }[]
}

/** Compares secrets in constant time (of their digests, so lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}

const BEARER = /^Bearer\s+(\S+)$/i

/** Whether the request offers a bearer token (checked against ADMIN_TOKEN, and counted when wrong). */
export const hasBearer = (authorization: string | undefined): boolean => BEARER.test(authorization ?? '')

/** The viewer of a request from its `Authorization: Bearer` header or its session cookie. */
export async function identify(
  deps: { ctx: AppContext; auth: ConsoleAuth; adminToken?: string },
  authorization: string | undefined,
  sessionId: string | undefined,
): Promise<Viewer | undefined> {
  const bearer = BEARER.exec(authorization ?? '')?.[1]
  if (bearer !== undefined) {
    return deps.adminToken && sameSecret(bearer, deps.adminToken) ? { contactId: 'ADMIN_TOKEN', name: 'ADMIN_TOKEN', role: 'admin' } : undefined
  }
  if (!sessionId) return undefined
  const session = await deps.auth.readSession(sessionId)
  if (!session) return undefined
  // a role taken away in the config ends the console access at once
  const role = roleOf(deps.ctx.config(), session.contactId)
  if (!role) return undefined
  const name = (await deps.ctx.view.contactName(session.contactId).catch(() => undefined)) ?? session.contactId
  return { contactId: session.contactId, name, role, csrf: session.csrf, sessionId }
}
