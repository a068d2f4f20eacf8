import type { Redis } from 'ioredis'
import { z } from 'zod'
import { createKeys, KEY_LIFETIMES } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** One thing the rules did (or, in dry-run, would have done): who, what, to whom, why. */
export interface AuditEntry {
  at: number
  /** e.g. warn, remind, remove, remove-failed, blacklist, unblacklist, welcome, report, alert */
  action: string
  roomId?: string
  memberId?: string
  /** `rules` for the bot's own decisions, else the contact id of the operator or leader */
  by: string
  why: string
  evidence?: string
  dryRun?: boolean
  /** the outbound job that carried it out, when any */
  jobId?: string
}

const MAX_ENTRIES = KEY_LIFETIMES.audit.maxLength

const entrySchema: z.ZodType<AuditEntry> = z.object({
  at: z.number(),
  action: z.string(),
  roomId: z.string().optional(),
  memberId: z.string().optional(),
  by: z.string(),
  why: z.string(),
  evidence: z.string().optional(),
  dryRun: z.boolean().optional(),
  jobId: z.string().optional(),
})

/** The audit log: newest first, capped at the last 10 000 entries; an entry that does not read is left out. */
export function createAuditLog(redis: Redis, prefix: string, onBad: OnBadValue) {
  const key = createKeys(prefix).audit()
  return {
    async record(entry: AuditEntry): Promise<void> {
      await redis.multi().lpush(key, JSON.stringify(entry)).ltrim(key, 0, MAX_ENTRIES - 1).exec()
    },
    async recent(limit = 100): Promise<AuditEntry[]> {
      const raw = await redis.lrange(key, 0, Math.max(0, limit - 1))
      return raw.flatMap((s) => readStored(entrySchema, s, key, onBad) ?? [])
    },
  }
}

export type AuditLog = ReturnType<typeof createAuditLog>
