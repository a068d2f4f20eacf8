import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { normalizeLabelText } from '../core/ads/near-duplicate'
import { z } from 'zod'
import { KEY_LIFETIMES, type Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'

/** One labelled text: `#广告` / `#误判`, an import (`ads learn`, the console), or a decision the bot inferred. */
export interface LabelledText {
  /** normalised (`normalizeLabelText`): what near-duplicates are compared on */
  text: string
  /** what the member wrote, up to 500 characters: what a model learns from */
  original: string
  label: 'ad' | 'normal'
  /** the operator's contact id (`rules` for a label the bot inferred, `import` for `ads learn`) */
  by: string
  at: number
  /** the case it came from (R12), 引用 for a quoted message, 导入 for an import */
  source: string
  /**
   * false when no person gave the label (a removal nobody contested): such labels are the
   * first to go when the store is full. Absent in labels written before issue 19: a person's.
   */
  confirmed?: boolean
}

/** What one `addMany` did. */
export interface AddedLabels {
  /** texts the store did not hold */
  added: number
  /** texts it held with the other label (the latest label wins) */
  relabelled: number
  /** texts it held with the same label (nothing written) */
  duplicates: number
  /** labels dropped to stay within the cap */
  dropped: number
}

/** The store holds at most this many texts; past it the oldest unconfirmed label goes first, then the oldest. */
export const LABELLED_MAX: number = KEY_LIFETIMES.labelled.maxLength
const ORIGINAL_MAX = 500
/** texts per `addMany` script call: each call is one atomic write */
export const LABELLED_BATCH = 500

const labelledSchema: z.ZodType<LabelledText> = z.object({
  text: z.string(),
  original: z.string(),
  label: z.enum(['ad', 'normal']),
  by: z.string(),
  at: z.number(),
  source: z.string(),
  confirmed: z.boolean().optional(),
})

/**
 * One batch of labels, atomically: each text written unless the store holds it with the
 * same label (a confirmed label may still replace an unconfirmed one), the order and the
 * unconfirmed set kept with it, then the store trimmed to its cap (the oldest unconfirmed
 * first) and the version bumped once. Returns {added, relabelled, duplicates, dropped}.
 * KEYS: labelled, order, unconfirmed, version. ARGV: max, then id, json, at, label, confirmed (1/0) per text.
 */
const ADD_SCRIPT = `
local added, relabelled, duplicates, dropped, wrote = 0, 0, 0, 0, false
local max = tonumber(ARGV[1])
for i = 2, #ARGV, 5 do
  local id, json, at, label, confirmed = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4] == '1'
  local old = redis.call('HGET', KEYS[1], id)
  local write = true
  if old then
    local ok, decoded = pcall(cjson.decode, old)
    local oldLabel = ok and type(decoded) == 'table' and decoded.label or nil
    if oldLabel == label then
      duplicates = duplicates + 1
      local oldConfirmed = not (ok and type(decoded) == 'table' and decoded.confirmed == false)
      write = confirmed and not oldConfirmed
    else
      relabelled = relabelled + 1
    end
  else
    added = added + 1
  end
  if write then
    wrote = true
    redis.call('HSET', KEYS[1], id, json)
    redis.call('ZADD', KEYS[2], at, id)
    if confirmed then redis.call('ZREM', KEYS[3], id) else redis.call('ZADD', KEYS[3], at, id) end
  end
end
local over = redis.call('ZCARD', KEYS[2]) - max
while over > 0 do
  local from, other = KEYS[3], KEYS[2]
  if redis.call('ZCARD', KEYS[3]) == 0 then from, other = KEYS[2], KEYS[3] end
  local popped = redis.call('ZPOPMIN', from, math.min(over, 1000))
  for j = 1, #popped, 2 do
    redis.call('HDEL', KEYS[1], popped[j])
    redis.call('ZREM', other, popped[j])
    dropped = dropped + 1
    over = over - 1
  end
end
if wrote or dropped > 0 then redis.call('INCR', KEYS[4]) end
return {added, relabelled, duplicates, dropped}
`

/** One text to label (`text` is what the member wrote). */
export type LabelInput = Omit<LabelledText, 'text' | 'original'> & { text: string }

/**
 * The labelled texts of a deployment, shared by every group and every process: a hash by
 * normalised text (the latest label of a text wins), an order set for the cap (and a set of
 * the unconfirmed labels, dropped first), and a version counter that processes poll to
 * know when to reload (`plugins/rules/label-index.ts`) and to retrain (`plugins/rules/ads-learner.ts`).
 */
export function createLabelledTexts(redis: Redis, keys: Keys, onBad: OnBadValue, max = LABELLED_MAX) {
  const idOf = (norm: string) => createHash('sha1').update(norm).digest('hex')
  const read = (raw: string | null) => readStored(labelledSchema, raw, keys.labelled(), onBad)
  const entryOf = (input: LabelInput): LabelledText | undefined => {
    const text = normalizeLabelText(input.text)
    if (text === '') return undefined
    return { ...input, text, original: Array.from(input.text).slice(0, ORIGINAL_MAX).join('') }
  }

  async function addMany(inputs: readonly LabelInput[]): Promise<AddedLabels> {
    const total: AddedLabels = { added: 0, relabelled: 0, duplicates: 0, dropped: 0 }
    for (let i = 0; i < inputs.length; i += LABELLED_BATCH) {
      const args: (string | number)[] = [max]
      for (const input of inputs.slice(i, i + LABELLED_BATCH)) {
        const entry = entryOf(input)
        if (!entry) continue
        args.push(idOf(entry.text), JSON.stringify(entry), entry.at, entry.label, entry.confirmed === false ? '0' : '1')
      }
      if (args.length === 1) continue
      const keysUsed = [keys.labelled(), keys.labelledOrder(), keys.labelledUnconfirmed(), keys.labelledVersion()]
      const [added, relabelled, duplicates, dropped] = (await redis.eval(ADD_SCRIPT, keysUsed.length, ...keysUsed, ...args)) as number[]
      total.added += added ?? 0
      total.relabelled += relabelled ?? 0
      total.duplicates += duplicates ?? 0
      total.dropped += dropped ?? 0
    }
    return total
  }

  return {
    /** undefined when the text has nothing to compare (no letters or digits) */
    async add(input: LabelInput): Promise<LabelledText | undefined> {
      const entry = entryOf(input)
      if (!entry) return undefined
      await addMany([input])
      return entry
    },
    /**
     * Many labels, in batches of LABELLED_BATCH, each batch one atomic write: a process
     * stopped midway leaves whole batches. Texts with nothing to compare are skipped
     * (the caller refuses them first).
     */
    addMany,
    /** the label each text holds now (undefined: none), for a preview of an import */
    async labelsOf(texts: readonly string[]): Promise<Array<'ad' | 'normal' | undefined>> {
      const out: Array<'ad' | 'normal' | undefined> = []
      for (let i = 0; i < texts.length; i += 1000) {
        const ids = texts.slice(i, i + 1000).map((t) => idOf(normalizeLabelText(t)))
        for (const raw of await redis.hmget(keys.labelled(), ...ids)) out.push(read(raw)?.label)
      }
      return out
    },
    async get(text: string): Promise<LabelledText | undefined> {
      return read(await redis.hget(keys.labelled(), idOf(normalizeLabelText(text))))
    },
    async version(): Promise<number> {
      return Number(await redis.get(keys.labelledVersion())) || 0
    },
    /** every labelled text, oldest first (ties in text order, so every reader sees one order) */
    async all(): Promise<LabelledText[]> {
      const out: LabelledText[] = []
      let cursor = '0'
      // HSCAN in pages: 100,000 labels are tens of MB, not one reply
      do {
        const [next, flat] = await redis.hscan(keys.labelled(), cursor, 'COUNT', 2000)
        cursor = next
        for (let i = 1; i < flat.length; i += 2) {
          const e = read(flat[i]!)
          if (e) out.push(e)
        }
      } while (cursor !== '0')
      const seen = new Set<string>()
      return out
        .filter((e) => (seen.has(e.text) ? false : (seen.add(e.text), true)))
        .sort((a, b) => a.at - b.at || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
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
