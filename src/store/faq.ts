import type { Redis } from 'ioredis'
import { z } from 'zod'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** One FAQ entry (issue 22): the wordings of a question and the answer HQ gave to it. */
export interface FaqEntry {
  id: string
  /** the question as first asked, then other wordings that got the same answer */
  questions: string[]
  answer: string
  /** who answered (contact id) and when (bot clock ms) */
  by: string
  at: number
  /** the tags of the group the question came from (`faq.scopes` reads them); empty for one HQ added */
  tags: string[]
}

export interface FaqEntryView extends FaqEntry {
  hits: number
  wrong: number
}

/** What a question answered automatically got, so `#误答 Qn` can take it back. */
export interface AutoAnswer {
  questionId: string
  /** the FAQ entry (F3), or the keyword that answered */
  entryId?: string
  keyword?: string
  score?: number
  roomId: string
  fromId: string
}

const entrySchema: z.ZodType<FaqEntry> = z.object({
  id: z.string(),
  questions: z.array(z.string()),
  answer: z.string(),
  by: z.string(),
  at: z.number(),
  tags: z.array(z.string()),
})
const autoSchema: z.ZodType<AutoAnswer> = z.object({
  questionId: z.string(),
  entryId: z.string().optional(),
  keyword: z.string().optional(),
  score: z.number().optional(),
  roomId: z.string(),
  fromId: z.string(),
})
const AUTO_TTL_S = ttlMsOf('faqAuto') / 1000

/** The FAQ's entries with their hit and #误答 counts, the automatic answers, and the cooldowns of both kinds of reply. */
export function createFaqStore(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const entries = keys.faqEntries()
  const count = (raw: string | undefined) => Number(raw ?? 0) || 0
  return {
    async version(): Promise<number> {
      return Number(await redis.get(keys.faqVersion())) || 0
    },
    async nextId(): Promise<string> {
      return `F${await redis.incr(keys.seq('faq'))}`
    },
    async put(entry: FaqEntry): Promise<void> {
      await redis.multi().hset(entries, entry.id, JSON.stringify(entry)).incr(keys.faqVersion()).exec()
    },
    async get(id: string): Promise<FaqEntry | undefined> {
      return readStored(entrySchema, await redis.hget(entries, id), `${entries}/${id}`, onBad)
    },
    async remove(id: string): Promise<boolean> {
      const res = await redis.multi().hdel(entries, id).hdel(keys.faqHits(), id).hdel(keys.faqWrong(), id).incr(keys.faqVersion()).exec()
      return Number(res?.[0]?.[1] ?? 0) > 0
    },
    /** every entry with its counts, oldest first */
    async all(): Promise<FaqEntryView[]> {
      const [raw, hits, wrong] = await Promise.all([redis.hgetall(entries), redis.hgetall(keys.faqHits()), redis.hgetall(keys.faqWrong())])
      return Object.entries(raw)
        .flatMap(([id, json]) => readStored(entrySchema, json, `${entries}/${id}`, onBad) ?? [])
        .map((e) => ({ ...e, hits: count(hits[e.id]), wrong: count(wrong[e.id]) }))
        .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)))
    },
    async hit(id: string): Promise<void> {
      await redis.hincrby(keys.faqHits(), id, 1)
    },
    /** a #误答: the entry answers only above a higher score from now on */
    async markWrong(id: string): Promise<number> {
      const res = await redis.multi().hincrby(keys.faqWrong(), id, 1).incr(keys.faqVersion()).exec()
      return Number(res?.[0]?.[1] ?? 0)
    },
    async recordAuto(a: AutoAnswer): Promise<void> {
      await redis.set(keys.faqAuto(a.questionId), JSON.stringify(a), 'EX', AUTO_TTL_S)
    },
    /** the automatic answer of a question, taken once: a second #误答 finds none */
    async takeAuto(questionId: string): Promise<AutoAnswer | undefined> {
      const key = keys.faqAuto(questionId)
      return readStored(autoSchema, await redis.getdel(key), key, onBad)
    },
    /** true when this member was not given this entry in this room within `ms` (and marks it now) */
    async firstAsk(roomId: string, memberId: string, entryId: string, ms: number): Promise<boolean> {
      return (await redis.set(keys.faqAsked(roomId, memberId, entryId), '1', 'PX', Math.max(1, ms), 'NX')) === 'OK'
    },
    /** true when the keyword was not replied in this room within `ms` (and marks it now) */
    async keywordFree(roomId: string, keywordHash: string, ms: number): Promise<boolean> {
      return (await redis.set(keys.faqKeyword(roomId, keywordHash), '1', 'PX', Math.max(1, ms), 'NX')) === 'OK'
    },
  }
}

export type FaqStore = ReturnType<typeof createFaqStore>
