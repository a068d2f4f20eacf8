import type { Redis } from 'ioredis'
import { z } from 'zod'
import type { ParsedLabelledFile } from '../core/ads/labelled-file'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** A labelled file uploaded on the console, between its preview and its import. */
export interface LabelledUpload extends ParsedLabelledFile {
  name: string
  /** who uploaded it: only they may import it */
  by: string
}

const schema: z.ZodType<LabelledUpload> = z.object({
  name: z.string(),
  by: z.string(),
  format: z.enum(['jsonl', 'csv']),
  examples: z.array(z.object({ line: z.number(), text: z.string(), label: z.enum(['ad', 'normal']) })),
  refused: z.array(z.object({ line: z.number(), error: z.string() })),
})

const TTL_MS = ttlMsOf('labelledUpload')

export function createLabelledUploads(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async put(id: string, upload: LabelledUpload): Promise<void> {
      await redis.set(keys.labelledUpload(id), JSON.stringify(upload), 'PX', TTL_MS)
    },
    /** the upload, once: an import cannot run twice */
    async take(id: string): Promise<LabelledUpload | undefined> {
      const key = keys.labelledUpload(id)
      return readStored(schema, await redis.getdel(key), key, onBad)
    },
    async get(id: string): Promise<LabelledUpload | undefined> {
      const key = keys.labelledUpload(id)
      return readStored(schema, await redis.get(key), key, onBad)
    },
  }
}

export type LabelledUploads = ReturnType<typeof createLabelledUploads>
