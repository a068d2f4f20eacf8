import { promisify } from 'node:util'
import { deflate, inflate } from 'node:zlib'
import type { Redis } from 'ioredis'
import { z } from 'zod'
import { LEARNED_FORMAT, type LearnedModel } from '../core/ads/learned-model'
import { ttlMsOf, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

const deflateAsync = promisify(deflate)
const inflateAsync = promisify(inflate)

/** What a stored model says about itself (the weights are apart, as bytes). */
export interface LearnedModelMeta {
  format: typeof LEARNED_FORMAT
  bits: number
  examples: { ad: number; normal: number }
  /** when it was trained (the trainer's clock) and how long it took */
  trainedAt: number
  trainMs: number
}

const metaSchema: z.ZodType<LearnedModelMeta> = z.object({
  format: z.literal(LEARNED_FORMAT),
  bits: z.number().int().min(8).max(24),
  examples: z.object({ ad: z.number(), normal: z.number() }),
  trainedAt: z.number(),
  trainMs: z.number(),
})

/** Writes the model only when it was trained on a later store version than the one held. KEYS: model. ARGV: version, meta, weights. */
const PUT_SCRIPT = `
local held = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
if tonumber(ARGV[1]) <= held then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'meta', ARGV[2], 'weights', ARGV[3])
return 1
`

const LOCK_TTL_MS = ttlMsOf('learnedModelLock')

/**
 * The deployment's learned model (core/ads/learned-model.ts) as every process reads it:
 * one hash holding the labelled store's version it was trained on, its description and its
 * weights (Float32, little-endian, deflated: mostly zeros while the deployment has taught
 * little). A process polls `version()` and loads the model when it moved. One process
 * trains at a time (`lock`), so a label is trained on once, not once per process.
 */
export function createLearnedModels(redis: Redis, keys: Keys, onBad: OnBadValue) {
  const key = keys.learnedModel()
  return {
    /** the labelled store's version the stored model was trained on; 0 when there is none */
    async version(): Promise<number> {
      return Number(await redis.hget(key, 'version')) || 0
    },
    /** what the stored model says about itself, without its weights */
    async meta(): Promise<LearnedModelMeta | undefined> {
      return readStored(metaSchema, await redis.hget(key, 'meta'), key, onBad)
    },
    /** the stored model and its version, or undefined (none, or one that does not read) */
    async get(): Promise<{ version: number; model: LearnedModel; meta: LearnedModelMeta } | undefined> {
      const [version, meta, weights] = await redis.hmgetBuffer(key, 'version', 'meta', 'weights')
      if (!version || !meta || !weights) return undefined
      const m = readStored(metaSchema, meta.toString('utf8'), key, onBad)
      if (!m) return undefined
      const bytes = await inflateAsync(weights).catch(() => undefined)
      if (!bytes || bytes.length !== 4 << m.bits) {
        onBad(key, `weights: expected ${4 << m.bits} bytes`)
        return undefined
      }
      // a copy: the inflated buffer may sit at any offset of a shared pool
      const floats = new Float32Array(1 << m.bits)
      Buffer.from(floats.buffer).set(bytes)
      return { version: Number(version.toString('utf8')), meta: m, model: { format: LEARNED_FORMAT, bits: m.bits, weights: floats, examples: m.examples } }
    },
    /** stores `model` as trained on store version `version`; false when a later one is already there */
    async put(version: number, model: LearnedModel, info: { trainedAt: number; trainMs: number }): Promise<boolean> {
      const meta: LearnedModelMeta = { format: LEARNED_FORMAT, bits: model.bits, examples: model.examples, ...info }
      const bytes = Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength)
      const packed = await deflateAsync(bytes)
      return (await redis.eval(PUT_SCRIPT, 1, key, version, JSON.stringify(meta), packed)) === 1
    },
    /** takes the training lock for `holder`; false when another process trains */
    async lock(holder: string): Promise<boolean> {
      return (await redis.set(keys.learnedModelLock(), holder, 'PX', LOCK_TTL_MS, 'NX')) === 'OK'
    },
    async unlock(holder: string): Promise<void> {
      await redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, keys.learnedModelLock(), holder)
    },
  }
}

export type LearnedModels = ReturnType<typeof createLearnedModels>
