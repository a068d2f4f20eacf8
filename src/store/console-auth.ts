import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** A signed-in console user: the WeChat contact the link was sent to; the role is read from config on every request. */
export interface ConsoleSession {
  contactId: string
  /** the token every form and POST must carry (bound to the session) */
  csrf: string
  at: number
}

const sessionSchema: z.ZodType<ConsoleSession> = z.object({ contactId: z.string(), csrf: z.string(), at: z.number() })

const token = () => randomBytes(24).toString('base64url')

/** a flash waits this long for the page after the redirect (keys.ts: consoleFlash) */
const FLASH_TTL_MS = 5 * 60_000
const FLASH_MAX = 4000

/**
 * One-time sign-in links and console sessions (issue 13). A link is a random token naming a
 * contact, kept for minutes and taken with GETDEL, so it opens one session at most.
 */
export function createConsoleAuth(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async createLink(contactId: string, ttlMs: number): Promise<string> {
      const t = token()
      await redis.set(keys.consoleLink(t), contactId, 'PX', ttlMs)
      return t
    },
    /** the contact the link was for, once; undefined when unknown, expired or already used */
    async redeemLink(t: string): Promise<string | undefined> {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(t)) return undefined
      return (await redis.getdel(keys.consoleLink(t))) ?? undefined
    },
    async createSession(contactId: string, ttlMs: number, now: number): Promise<{ id: string; session: ConsoleSession }> {
      const id = token()
      const session: ConsoleSession = { contactId, csrf: token(), at: now }
      await redis.set(keys.consoleSession(id), JSON.stringify(session), 'PX', ttlMs)
      return { id, session }
    },
    async readSession(id: string): Promise<ConsoleSession | undefined> {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined
      const key = keys.consoleSession(id)
      // a session that does not read is no session: the visitor signs in again
      return readStored(sessionSchema, await redis.get(key), key, onBad)
    },
    async endSession(id: string): Promise<void> {
      await redis.del(keys.consoleSession(id), keys.consoleFlash(id))
    },
    /** the answer to an action, for the session's next page (never from a URL: a crafted link could write there) */
    async setFlash(sessionId: string, text: string): Promise<void> {
      await redis.set(keys.consoleFlash(sessionId), text.slice(0, FLASH_MAX), 'PX', FLASH_TTL_MS)
    },
    /** the flash of the session, once */
    async takeFlash(sessionId: string): Promise<string | undefined> {
      return (await redis.getdel(keys.consoleFlash(sessionId))) ?? undefined
    },
  }
}

export type ConsoleAuth = ReturnType<typeof createConsoleAuth>
