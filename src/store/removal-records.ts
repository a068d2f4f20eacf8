import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { Notice } from '../core/rules/verdict'
import type { RemovalReport } from '../texts/rules'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** A removal on the paced queue, kept until WeChat answers it: what HQ and the group are told then. */
export interface RemovalRecord {
  roomId: string
  report: RemovalReport
  notice?: Notice
  inviterId?: string
  by: string
}

const reportSchema: z.ZodType<RemovalReport> = z.object({
  cause: z.enum(['rule', 'blacklist', 'rejoin', 'leader', 'hq']),
  groupLabel: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  reason: z.string(),
  evidence: z.string().optional(),
  blacklisted: z.boolean().optional(),
  byName: z.string().optional(),
  inviterName: z.string().optional(),
  caseId: z.string().optional(),
})
const removalSchema: z.ZodType<RemovalRecord> = z.object({
  roomId: z.string(),
  report: reportSchema,
  notice: z.object({ text: z.string(), mentionIds: z.array(z.string()) }).optional(),
  inviterId: z.string().optional(),
  by: z.string(),
})
const REMOVAL_TTL_S = ttlMsOf('removal') / 1000

/** Removal records by the outbound job id that carries the removal out. */
export function createRemovalRecords(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async put(jobId: string, record: RemovalRecord): Promise<void> {
      await redis.set(keys.removal(jobId), JSON.stringify(record), 'EX', REMOVAL_TTL_S)
    },
    /** the record, taken once (GETDEL): a second outcome of the same job finds nothing */
    async take(jobId: string): Promise<RemovalRecord | undefined> {
      const key = keys.removal(jobId)
      return readStored(removalSchema, await redis.getdel(key), key, onBad)
    },
  }
}

export type RemovalRecords = ReturnType<typeof createRemovalRecords>
