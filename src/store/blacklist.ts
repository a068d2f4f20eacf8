import type { Redis } from 'ioredis'
import { z } from 'zod'
import { createKeys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

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

const entrySchema: z.ZodType<BlacklistEntry> = z.object({
  id: z.string(),
  name: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.number(),
  roomId: z.string().optional(),
  evidence: z.string().optional(),
})

/**
 * The one blacklist for all managed groups: a Redis hash, id → entry. Never expires (see
 * KEY_LIFETIMES.blacklist). An entry that does not read is reported; the ban itself still
 * holds (`has` looks at the field, not its value).
 */
export function createBlacklist(redis: Redis, prefix: string, onBad: OnBadValue) {
  const key = createKeys(prefix).blacklist()
  const read = (id: string, raw: string | null) => readStored(entrySchema, raw, `${key} ${id}`, onBad)
  return {
    /** false when the contact was already on the list (the first entry is kept) */
    async add(entry: BlacklistEntry): Promise<boolean> {
      return (await redis.hsetnx(key, entry.id, JSON.stringify(entry))) === 1
    },
    async remove(id: string): Promise<BlacklistEntry | undefined> {
      const raw = await redis.hget(key, id)
      if (raw === null) return undefined
      await redis.hdel(key, id)
      return read(id, raw)
    },
    async get(id: string): Promise<BlacklistEntry | undefined> {
      return read(id, await redis.hget(key, id))
    },
    async has(id: string): Promise<boolean> {
      return (await redis.hexists(key, id)) === 1
    },
    /** every entry, oldest first */
    async list(): Promise<BlacklistEntry[]> {
      const all = await redis.hgetall(key)
      return Object.entries(all).flatMap(([id, raw]) => read(id, raw) ?? []).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    },
  }
}

export type Blacklist = ReturnType<typeof createBlacklist>
