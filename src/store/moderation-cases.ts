import type { Redis } from 'ioredis'
import { z } from 'zod'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/**
 * Something HQ may answer with `#广告 R12` or `#误判 R12`: a review item (weak ad evidence,
 * nothing done), a removal, a warning, or a batch of a blacklisted member's earlier texts
 * to label. Ids share one sequence with the R prefix, per deployment.
 */
export type CaseKind = 'review' | 'removal' | 'warning' | 'batch'

export interface ModerationCase {
  id: string
  kind: CaseKind
  roomId: string
  groupLabel: string
  memberId: string
  memberName: string
  /** what the member wrote, when it was text: what the label is put on */
  text?: string
  /** a batch: the member's earlier texts, each labelled by the answer */
  texts?: string[]
  reason: string
  /** a spam strike was counted for it (a rule's removal): `#误判` takes it back */
  strike: boolean
  /** the member was blacklisted with it: `#误判` lifts the ban */
  blacklisted: boolean
  /** it happened under `rules.dryRun` (strikes counted in the dry-run count) */
  dryRun: boolean
  at: number
}

export interface CaseDecision {
  label: 'ad' | 'normal'
  by: string
  at: number
}

const CASE_TTL_S = ttlMsOf('moderationCase') / 1000

const caseSchema: z.ZodType<ModerationCase> = z.object({
  id: z.string(),
  kind: z.enum(['review', 'removal', 'warning', 'batch']),
  roomId: z.string(),
  groupLabel: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  text: z.string().optional(),
  texts: z.array(z.string()).optional(),
  reason: z.string(),
  strike: z.boolean(),
  blacklisted: z.boolean(),
  dryRun: z.boolean(),
  at: z.number(),
})
const decisionSchema: z.ZodType<CaseDecision> = z.object({ label: z.enum(['ad', 'normal']), by: z.string(), at: z.number() })

export function createModerationCases(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async open(fields: Omit<ModerationCase, 'id'>): Promise<ModerationCase> {
      const id = `R${await redis.incr(keys.seq('case'))}`
      const c: ModerationCase = { id, ...fields }
      await redis.set(keys.moderationCase(id), JSON.stringify(c), 'EX', CASE_TTL_S)
      return c
    },
    async get(id: string): Promise<ModerationCase | undefined> {
      const key = keys.moderationCase(id)
      return readStored(caseSchema, await redis.get(key), key, onBad)
    },
    /** The decision taken on a case (`#广告` / `#误判`), if any, read through its shape. */
    async decision(id: string): Promise<CaseDecision | undefined> {
      const key = keys.moderationDecision(id)
      return readStored(decisionSchema, await redis.get(key), key, onBad)
    },
    /** Replaces a decision the bot took itself (an uncontested removal confirmed after `confirmAfterHours`). */
    async override(id: string, decision: CaseDecision): Promise<void> {
      await redis.set(keys.moderationDecision(id), JSON.stringify(decision), 'EX', CASE_TTL_S)
    },
    /** Records the decision once; the earlier decision when there already was one. */
    async decide(id: string, decision: CaseDecision): Promise<{ ok: true } | { ok: false; earlier: CaseDecision }> {
      const set = await redis.set(keys.moderationDecision(id), JSON.stringify(decision), 'EX', CASE_TTL_S, 'NX')
      if (set === 'OK') return { ok: true }
      const key = keys.moderationDecision(id)
      // decided already, even when the earlier decision no longer reads: never decide twice
      return { ok: false, earlier: readStored(decisionSchema, await redis.get(key), key, onBad) ?? decision }
    },
  }
}

export type ModerationCases = ReturnType<typeof createModerationCases>
