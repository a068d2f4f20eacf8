import type { Redis } from 'ioredis'
import { z } from 'zod'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** A member's question relayed to HQ, answered with `#回复 Q3 …`. */
export interface Question {
  id: string
  roomId: string
  group: string
  fromId: string
  name: string
  text: string
  at: number
  /** answered without HQ (issue 22): the FAQ entry (F3) or keyword that answered, and the FAQ's score */
  auto?: { ref: string; score?: number }
  /** how many times it was put back into HQ's digest after an automatic answer was taken back (#误答) */
  round?: number
}

const questionSchema: z.ZodType<Question> = z.object({
  id: z.string(),
  roomId: z.string(),
  group: z.string(),
  fromId: z.string(),
  name: z.string(),
  text: z.string(),
  at: z.number(),
  auto: z.object({ ref: z.string(), score: z.number().optional() }).optional(),
  round: z.number().int().min(1).optional(),
})
const QUESTION_TTL_S = ttlMsOf('question') / 1000

/** Questions by id (for `#回复`) and the ones not yet relayed to HQ (the next batch). */
export function createQuestions(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const pending = keys.questionsPending()
  return {
    async nextId(): Promise<string> {
      return `Q${await redis.incr(keys.seq('question'))}`
    },
    /** keeps the question and puts it in the next batch, in one transaction */
    async add(q: Question): Promise<void> {
      const json = JSON.stringify(q)
      await redis.multi().set(keys.question(q.id), json, 'EX', QUESTION_TTL_S).rpush(pending, json).expire(pending, QUESTION_TTL_S).exec()
    },
    async get(id: string): Promise<Question | undefined> {
      const key = keys.question(id)
      return readStored(questionSchema, await redis.get(key), key, onBad)
    },
    /** the batch, taken and emptied in one transaction; an item that does not read is reported and left out */
    async takePending(): Promise<Question[]> {
      const res = await redis.multi().lrange(pending, 0, -1).del(pending).exec()
      const raw = (res?.[0]?.[1] as string[] | undefined) ?? []
      return raw.flatMap((s) => readStored(questionSchema, s, pending, onBad) ?? [])
    },
  }
}

export type Questions = ReturnType<typeof createQuestions>
