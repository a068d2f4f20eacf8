import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'

/**
 * Where an application stands (src/entry): the friend request being accepted, answering, a
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

/** One open application per contact, and the profile a finished form leaves. */
export function createEntryApplications(redis: Redis, keys: Keys) {
  const read = async <T>(key: string): Promise<T | undefined> => {
    const raw = await redis.get(key)
    return raw ? (JSON.parse(raw) as T) : undefined
  }
  return {
    get: (contactId: string) => read<EntryApplication>(keys.entryApp(contactId)),
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
    profile: (contactId: string) => read<EntryProfile>(keys.entryProfile(contactId)),
    async putProfile(p: EntryProfile): Promise<void> {
      await redis.set(keys.entryProfile(p.contactId), JSON.stringify(p), 'PX', ttlMsOf('entryProfile'))
    },
  }
}

export type EntryApplications = ReturnType<typeof createEntryApplications>
