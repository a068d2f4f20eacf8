import type { Logger } from 'pino'
import type { z } from 'zod'

/** Told of a stored value that is not what we wrote (the key, and what is wrong with it). */
export type OnBadValue = (key: string, problem: string) => void

/**
 * A JSON value read back from Redis, parsed and checked against the shape we write.
 * Redis is shared and outlives our code: a value another version wrote, a hand edit or a
 * cut write must not reach a feature as if it were a record. Such a value is reported and
 * read as missing; nothing throws.
 */
export function readStored<S extends z.ZodType>(schema: S, raw: string | null | undefined, key: string, onBad: OnBadValue): z.output<S> | undefined {
  if (raw === null || raw === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    onBad(key, `not JSON: ${raw.slice(0, 60)}`)
    return undefined
  }
  const checked = schema.safeParse(value)
  if (checked.success) return checked.data
  onBad(key, checked.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; '))
  return undefined
}

/** Refusals as warnings in the log, with the key: someone should look at what wrote it. */
export function logRefused(logger: Logger): OnBadValue {
  return (key, problem) => logger.warn({ key, problem }, 'stored value refused: not the shape we write')
}
