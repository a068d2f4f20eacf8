import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { runScript, type Script } from './activity-scripts'
import { ttlMsOf, type Keys } from './keys'

/**
 * Who is new in a group (issue 20, `rules.newcomer`), from what the bot itself saw: a sorted
 * set per room, member → since when the bot knows them there.
 * - 0: the member was in the group when the bot first took its roster (at login, at the first
 *   join or message it handled there): there before the bot managed the group, never new;
 * - a join time: a join the bot saw (a rejoin moves it);
 * - absent: joined while the bot was away; the caller judges them by the messages seen.
 * A leaver is dropped, so the set holds at most the group's members; each write refreshes it.
 */
const ROSTER_TTL_MS = ttlMsOf('roster')
const SEEN_TTL_MS = ttlMsOf('seen')

/** what the message path reads, in the one command it already spent on the `seen` counter */
const seenLua = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local since = redis.call('ZSCORE', KEYS[2], ARGV[2])
local taken = redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {n, since or '', taken}
`
/** the roster as the bot finds it, only when there is none yet; ARGV: ttl ms, then the member ids */
const takeLua = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 0, ARGV[i]) end
if #ARGV > 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1
`
const script = (lua: string): Script => ({ lua, sha: createHash('sha1').update(lua).digest('hex') })
const SEEN = script(seenLua)
const TAKE = script(takeLua)

export interface SeenMember {
  /** the member's messages seen in the room (within `seen`'s lifetime of the latest), this one included */
  seen: number
  /** since when the bot knows them in the room: 0 there before it, a join time, or undefined (not known) */
  knownSince: number | undefined
  /** the room has a roster (false: the caller takes one, and judges nobody new meanwhile) */
  rosterTaken: boolean
}

export function createNewcomerRoster(redis: Redis, keys: Keys) {
  return {
    /** counts this message (the `seen` counter rules.bare reads) and reads the sender's place in the roster: one command */
    async countSeen(roomId: string, memberId: string): Promise<SeenMember> {
      const [n, since, taken] = (await runScript(redis, SEEN, [keys.seen(roomId, memberId), keys.roster(roomId)], [SEEN_TTL_MS, memberId, ROSTER_TTL_MS])) as [number, string, number]
      return { seen: Number(n), knownSince: since === '' ? undefined : Number(since), rosterTaken: Number(taken) === 1 }
    },
    /** the members found in the group, as there before the bot: only when the room has no roster yet; true when taken */
    async take(roomId: string, memberIds: readonly string[]): Promise<boolean> {
      if (memberIds.length === 0) return false
      return Number(await runScript(redis, TAKE, [keys.roster(roomId)], [ROSTER_TTL_MS, ...memberIds])) === 1
    },
    async has(roomId: string): Promise<boolean> {
      return (await redis.exists(keys.roster(roomId))) === 1
    },
    /** joins the bot saw: known from `at` */
    async joined(roomId: string, memberIds: readonly string[], at: number): Promise<void> {
      if (memberIds.length === 0) return
      const key = keys.roster(roomId)
      await redis.multi().zadd(key, ...memberIds.flatMap((id) => [at, id])).pexpire(key, ROSTER_TTL_MS).exec()
    },
    async left(roomId: string, memberIds: readonly string[]): Promise<void> {
      if (memberIds.length > 0) await redis.zrem(keys.roster(roomId), ...memberIds)
    },
  }
}

export type NewcomerRoster = ReturnType<typeof createNewcomerRoster>
