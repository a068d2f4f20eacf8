import type { Redis } from 'ioredis'
import { z } from 'zod'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/**
 * Where an application stands (src/plugins/entry): the friend request being accepted, answering, a
 * group being made, invited, or left to a human.
 */
export type EntryStatus = 'accepting' | 'asking' | 'creating' | 'invited' | 'held'

export interface EntryApplication {
  contactId: string
  name: string
  target: string
  /** how they came: `keyword:读书会` or `code:K7QM3XPA` */
  channel: string
  startedAt: number
  /** the question being asked */
  step: number
  answers: Record<string, string>
  status: EntryStatus
  roomId?: string
  /** the topic of the group invited into, or being created */
  topic?: string
  invitedAt?: number
  /** when WeChat took the invitation (its outcome): the reminder counts from here, not from the queueing */
  inviteSentAt?: number
  /** held because the groups were full: the target (and routing answer) whose line they wait in */
  waitingFor?: string
}

/** What a newcomer told the gate, kept for the welcome, the nickname and reports. */
export interface EntryProfile {
  contactId: string
  name: string
  target: string
  channel: string
  answers: Record<string, string>
  nickname?: string
  roomId?: string
  joinedAt?: number
  at: number
}

const answers = z.record(z.string(), z.string())

const applicationSchema: z.ZodType<EntryApplication> = z.object({
  contactId: z.string(),
  name: z.string(),
  target: z.string(),
  channel: z.string(),
  startedAt: z.number(),
  step: z.number().int().min(0),
  answers,
  status: z.enum(['accepting', 'asking', 'creating', 'invited', 'held']),
  roomId: z.string().optional(),
  topic: z.string().optional(),
  invitedAt: z.number().optional(),
  inviteSentAt: z.number().optional(),
  waitingFor: z.string().optional(),
})

const profileSchema: z.ZodType<EntryProfile> = z.object({
  contactId: z.string(),
  name: z.string(),
  target: z.string(),
  channel: z.string(),
  answers,
  nickname: z.string().optional(),
  roomId: z.string().optional(),
  joinedAt: z.number().optional(),
  at: z.number(),
})

const PROFILES_PER_CALL = 500

/** One open application per contact, and the profile a finished form leaves. */
export function createEntryApplications(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const read = async <S extends z.ZodType>(schema: S, key: string) => readStored(schema, await redis.get(key), key, onBad)
  return {
    get: (contactId: string) => read(applicationSchema, keys.entryApp(contactId)),
    async put(app: EntryApplication): Promise<void> {
      await redis.set(keys.entryApp(app.contactId), JSON.stringify(app), 'PX', ttlMsOf('entryApp'))
    },
    /** starts an application unless one is open: false when one is */
    async open(app: EntryApplication): Promise<boolean> {
      return (await redis.set(keys.entryApp(app.contactId), JSON.stringify(app), 'PX', ttlMsOf('entryApp'), 'NX')) === 'OK'
    },
    async close(contactId: string): Promise<void> {
      await redis.del(keys.entryApp(contactId))
    },
    profile: (contactId: string) => read(profileSchema, keys.entryProfile(contactId)),
    /** the profiles of these contacts that exist (a group's members, for #报告), 500 keys a call */
    async profilesOf(contactIds: readonly string[]): Promise<EntryProfile[]> {
      const out: EntryProfile[] = []
      for (let i = 0; i < contactIds.length; i += PROFILES_PER_CALL) {
        const ids = contactIds.slice(i, i + PROFILES_PER_CALL)
        if (!ids.length) continue
        const raws = await redis.mget(ids.map((id) => keys.entryProfile(id)))
        for (const [j, raw] of raws.entries()) {
          const p = readStored(profileSchema, raw, keys.entryProfile(ids[j] ?? ''), onBad)
          if (p) out.push(p)
        }
      }
      return out
    },
    async putProfile(p: EntryProfile): Promise<void> {
      await redis.set(keys.entryProfile(p.contactId), JSON.stringify(p), 'PX', ttlMsOf('entryProfile'))
    },
  }
}

export type EntryApplications = ReturnType<typeof createEntryApplications>
