import type { Redis } from 'ioredis'
import { createKeys } from './keys'

/** One banned contact: removed from every managed group, now and on any later join. */
export interface BlacklistEntry {
  id: string
  /** the name they went by when banned, for HQ to read */
  name: string
  reason: string
  /** `rules` when the bot banned them, else the operator's contact id */
  by: string
  at: number
  /** the group where it happened, when it came from a rule */
  roomId?: string
  evidence?: string
}

/** The one blacklist for all managed groups: a Redis hash, id → entry. Never expires (see KEY_LIFETIMES.blacklist). */
export function createBlacklist(redis: Redis, prefix: string) {
  const key = createKeys(prefix).blacklist()
  return {
    /** false when the contact was already on the list (the first entry is kept) */
    async add(entry: BlacklistEntry): Promise<boolean> {
      return (await redis.hsetnx(key, entry.id, JSON.stringify(entry))) === 1
    },
    async remove(id: string): Promise<BlacklistEntry | undefined> {
      const raw = await redis.hget(key, id)
      if (raw === null) return undefined
      await redis.hdel(key, id)
      return JSON.parse(raw) as BlacklistEntry
    },
    async get(id: string): Promise<BlacklistEntry | undefined> {
      const raw = await redis.hget(key, id)
      return raw === null ? undefined : (JSON.parse(raw) as BlacklistEntry)
    },
    async has(id: string): Promise<boolean> {
      return (await redis.hexists(key, id)) === 1
    },
    /** every entry, oldest first */
    async list(): Promise<BlacklistEntry[]> {
      const all = await redis.hvals(key)
      return all.map((s) => JSON.parse(s) as BlacklistEntry).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    },
  }
}

export type Blacklist = ReturnType<typeof createBlacklist>
