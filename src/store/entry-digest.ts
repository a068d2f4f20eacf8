import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { runScript, type Script } from './activity-scripts'
import { ttlMsOf, type Keys } from './keys'

/**
 * What the entry gate has to tell HQ, gathered into one digest per `entry.digestMs` (issue 17:
 * 300 friend requests were 300 HQ messages). Per kind: how many events, how many people (a
 * stranger who repeats is one), and the first line of each person, in the order they came.
 * `note` is any other line of the gate, counted when it repeats.
 */
export type DigestKind = 'unmatched' | 'codeRefused' | 'codeLimited' | 'note'
export const DIGEST_KINDS: readonly DigestKind[] = ['unmatched', 'codeRefused', 'codeLimited', 'note']

export interface DigestEntry {
  /** the contact (or, for a note, the line itself) */
  key: string
  /** what HQ reads for them: their first line */
  sample: string
  /** how many times they came */
  count: number
}

export interface DigestPart {
  events: number
  /** distinct people (or lines); past DIGEST_TRACKED the count only grows, and `more` is set */
  people: number
  entries: DigestEntry[]
  more: boolean
}

export type DigestContent = Record<DigestKind, DigestPart>

/** people (or lines) kept per kind and digest; past it the digest says "至少" */
export const DIGEST_TRACKED = 1000

/**
 * KEYS: the open digest's id, the content hash, the id counter. ARGV: kind, key, sample,
 * the open id's lifetime, the content's lifetime, DIGEST_TRACKED. Fields of the content:
 * `<id>|<kind>|n` events, `<id>|<kind>|p` people, `<id>|<kind>|c|<key>` a person's count,
 * `<id>|<kind>|s|<key>` their place and first line (`<place>|<sample>`). Returns the id.
 */
const addLua = `
local id = redis.call('GET', KEYS[1])
if not id then
  id = tostring(redis.call('INCR', KEYS[3]))
  redis.call('SET', KEYS[1], id, 'PX', ARGV[4])
end
local p = id .. '|' .. ARGV[1] .. '|'
redis.call('HINCRBY', KEYS[2], p .. 'n', 1)
local c = p .. 'c|' .. ARGV[2]
if redis.call('HEXISTS', KEYS[2], c) == 1 then
  redis.call('HINCRBY', KEYS[2], c, 1)
else
  local people = redis.call('HINCRBY', KEYS[2], p .. 'p', 1)
  if people <= tonumber(ARGV[6]) then
    redis.call('HSET', KEYS[2], c, 1, p .. 's|' .. ARGV[2], people .. '|' .. ARGV[3])
  end
end
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return id
`

/** KEYS: the open digest's id. ARGV: an id. Closes that digest: later lines start the next. */
const closeLua = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`

const script = (lua: string): Script => ({ lua, sha: createHash('sha1').update(lua).digest('hex') })
const ADD = script(addLua)
const CLOSE = script(closeLua)

const emptyPart = (): DigestPart => ({ events: 0, people: 0, entries: [], more: false })

export function createEntryDigest(redis: Redis, keys: Keys) {
  const content = keys.entryDigest()
  const open = keys.entryDigestOpen()
  return {
    /** one line more in the open digest (one is opened when none is): its id */
    async add(kind: DigestKind, key: string, sample: string, digestMs: number): Promise<string> {
      const openTtl = 2 * digestMs + 60_000
      const id = await runScript(redis, ADD, [open, content, keys.seq('entry-digest')], [kind, key, sample, openTtl, ttlMsOf('entryDigest'), DIGEST_TRACKED])
      return String(id)
    },
    /** the digest `id` takes no more lines */
    async close(id: string): Promise<void> {
      await runScript(redis, CLOSE, [open], [id])
    },
    /**
     * The content of digest `id`, and of any older one never sent (a process that died
     * between opening one and scheduling it); `fields` to drop once HQ has it.
     */
    async read(id: string): Promise<{ content: DigestContent; fields: string[] }> {
      const all = await redis.hgetall(content)
      const parts: DigestContent = { unmatched: emptyPart(), codeRefused: emptyPart(), codeLimited: emptyPart(), note: emptyPart() }
      const counts = new Map<string, number>()
      const samples: Array<{ kind: DigestKind; key: string; place: number; sample: string }> = []
      const fields: string[] = []
      const upTo = Number(id)
      for (const [field, value] of Object.entries(all)) {
        const [of, kind, type, ...rest] = field.split('|')
        if (!Number.isSafeInteger(Number(of)) || Number(of) > upTo || !DIGEST_KINDS.includes(kind as DigestKind)) continue
        fields.push(field)
        const part = parts[kind as DigestKind]
        const key = rest.join('|')
        if (type === 'n') part.events += Number(value) || 0
        else if (type === 'p') part.people += Number(value) || 0
        else if (type === 'c') counts.set(`${kind}|${key}`, (counts.get(`${kind}|${key}`) ?? 0) + (Number(value) || 0))
        else if (type === 's') {
          const bar = value.indexOf('|')
          samples.push({ kind: kind as DigestKind, key, place: Number(of) * 1e6 + (Number(value.slice(0, bar)) || 0), sample: value.slice(bar + 1) })
        }
      }
      samples.sort((a, b) => a.place - b.place)
      const seen = new Set<string>()
      for (const s of samples) {
        if (seen.has(`${s.kind}|${s.key}`)) continue
        seen.add(`${s.kind}|${s.key}`)
        parts[s.kind].entries.push({ key: s.key, sample: s.sample, count: counts.get(`${s.kind}|${s.key}`) ?? 1 })
      }
      for (const part of Object.values(parts)) {
        // older digests folded in count a person once per digest: the people are those listed, at least
        if (part.entries.length > part.people) part.people = part.entries.length
        part.more = part.people > part.entries.length
      }
      return { content: parts, fields }
    },
    async drop(fields: readonly string[]): Promise<void> {
      for (let i = 0; i < fields.length; i += 500) await redis.hdel(content, ...fields.slice(i, i + 500))
    },
  }
}

export type EntryDigest = ReturnType<typeof createEntryDigest>
