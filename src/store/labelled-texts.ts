import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { normalizeLabelText } from '../core/ads/near-duplicate'
import { z } from 'zod'
import { KEY_LIFETIMES, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** One text a moderator labelled: `#广告` (ad) or `#误判` (normal). */
export interface LabelledText {
  /** normalised (`normalizeLabelText`): what near-duplicates are compared on */
  text: string
  /** what the member wrote, up to 500 characters: what a model learns from */
  original: string
  label: 'ad' | 'normal'
  /** the operator's contact id */
  by: string
  at: number
  /** the case it came from (R12), or 引用 for a quoted message */
  source: string
}

/** The store holds at most this many texts; past it the oldest label is dropped. */
export const LABELLED_MAX: number = KEY_LIFETIMES.labelled.maxLength
const ORIGINAL_MAX = 500

const labelledSchema: z.ZodType<LabelledText> = z.object({
  text: z.string(),
  original: z.string(),
  label: z.enum(['ad', 'normal']),
  by: z.string(),
  at: z.number(),
  source: z.string(),
})

/**
 * The labelled texts of a deployment, shared by every group and every process: a hash by
 * normalised text (the latest label of a text wins), an order set for the cap, and a
 * version counter that processes poll to know when to reload (`rules/label-index.ts`).
 */
export function createLabelledTexts(redis: Redis, keys: Keys, onBad: OnBadValue, max = LABELLED_MAX) {
  const idOf = (norm: string) => createHash('sha1').update(norm).digest('hex')
  const read = (raw: string | null) => readStored(labelledSchema, raw, keys.labelled(), onBad)
  return {
    /** undefined when the text has nothing to compare (no letters or digits) */
    async add(input: Omit<LabelledText, 'text' | 'original'> & { text: string }): Promise<LabelledText | undefined> {
      const text = normalizeLabelText(input.text)
      if (text === '') return undefined
      const entry: LabelledText = { ...input, text, original: Array.from(input.text).slice(0, ORIGINAL_MAX).join('') }
      const id = idOf(text)
      await redis
        .multi()
        .hset(keys.labelled(), id, JSON.stringify(entry))
        .zadd(keys.labelledOrder(), entry.at, id)
        .incr(keys.labelledVersion())
        .exec()
      const over = (await redis.zcard(keys.labelledOrder())) - max
      if (over > 0) {
        const oldest = await redis.zpopmin(keys.labelledOrder(), over)
        const ids = oldest.filter((_, i) => i % 2 === 0)
        if (ids.length) await redis.hdel(keys.labelled(), ...ids)
      }
      return entry
    },
    async get(text: string): Promise<LabelledText | undefined> {
      return read(await redis.hget(keys.labelled(), idOf(normalizeLabelText(text))))
    },
    async version(): Promise<number> {
      return Number(await redis.get(keys.labelledVersion())) || 0
    },
    /** every labelled text, oldest first */
    async all(): Promise<LabelledText[]> {
      const raw = await redis.hvals(keys.labelled())
      return raw.flatMap((s) => read(s) ?? []).sort((a, b) => a.at - b.at)
    },
    /** the texts labelled at or after `at`, oldest first: what a process that holds the rest lacks */
    async since(at: number): Promise<LabelledText[]> {
      const ids = await redis.zrangebyscore(keys.labelledOrder(), at, '+inf')
      if (ids.length === 0) return []
      const raw = await redis.hmget(keys.labelled(), ...ids)
      return raw.flatMap((s) => read(s) ?? [])
    },
    /** how many texts the store holds */
    async count(): Promise<number> {
      return redis.zcard(keys.labelledOrder())
    },
  }
}

export type LabelledTexts = ReturnType<typeof createLabelledTexts>
