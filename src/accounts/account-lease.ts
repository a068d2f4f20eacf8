import type { Redis } from 'ioredis'
import type { Keys } from '../store/keys'
import type { ProcessIdentity } from './process-identity'

/** The process that holds an account, as stored (`acct:holder:<account>`). */
export interface Holder extends ProcessIdentity {
  /** when it took the account (ms, real clock) */
  since: number
  /** how many times it refreshed its lease: a count that moves shows a live holder */
  beats: number
}

export type TakeResult = { kind: 'taken' } | { kind: 'held'; holder: Holder }
export type RefreshResult = { kind: 'kept' } | { kind: 'retaken' } | { kind: 'lost'; holder: Holder | undefined }

/**
 * Takes the account when nobody holds it, when we hold it already, or when its holder is the
 * one given as known gone (compare-and-set on that holder's token: a holder that changed
 * meanwhile is not replaced). KEYS: holder hash. ARGV: token, host, pid, pidns, since, ttl
 * (ms), the token of a holder known gone (or ''). Returns {'taken'} or {'held', fields…}.
 */
const TAKE_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], 'token')
if cur and cur ~= ARGV[1] and cur ~= ARGV[7] then
  local r = {'held'}
  for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(r, v) end
  return r
end
if cur ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'token', ARGV[1], 'host', ARGV[2], 'pid', ARGV[3], 'pidns', ARGV[4], 'since', ARGV[5], 'beats', '0')
end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {'taken'}
`

/**
 * The holder's heartbeat: its lease runs `ttl` from now while it is still the holder; a lease
 * that expired with nobody taking it is taken again; one another process holds is lost.
 * KEYS: holder hash. ARGV: token, ttl, host, pid, pidns, since.
 */
const REFRESH_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], 'token')
if cur == ARGV[1] then
  redis.call('HINCRBY', KEYS[1], 'beats', 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'kept'}
end
if not cur then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'token', ARGV[1], 'host', ARGV[3], 'pid', ARGV[4], 'pidns', ARGV[5], 'since', ARGV[6], 'beats', '0')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'retaken'}
end
local r = {'lost'}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do table.insert(r, v) end
return r
`

/** KEYS: holder hash. ARGV: token. Deletes the lease only when it is ours. */
const RELEASE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

function holderOf(flat: string[]): Holder | undefined {
  const f: Record<string, string> = {}
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!
  if (!f.token) return undefined
  return { token: f.token, host: f.host ?? '?', pid: Number(f.pid) || 0, pidns: f.pidns ?? '', since: Number(f.since) || 0, beats: Number(f.beats) || 0 }
}

/**
 * One account, one process (issue 17): an exclusive lease in Redis (`acct:holder:<account>`)
 * with the holding process's identity, refreshed by its heartbeat, released at its clean
 * stop, expiring `ttlMs` after its last refresh when the process dies.
 */
export function createAccountLease(deps: { redis: Redis; keys: Keys; account: string; me: ProcessIdentity; ttlMs: () => number }) {
  const { redis, me } = deps
  const key = deps.keys.accountHolder(deps.account)
  const since = Date.now()
  const identity = [me.host, String(me.pid), me.pidns, String(since)]
  return {
    key,
    /** takes the account if free (or ours, or held by `gone`, a holder known to have died) */
    async take(gone?: Holder): Promise<TakeResult> {
      const r = (await redis.eval(TAKE_SCRIPT, 1, key, me.token, ...identity, String(deps.ttlMs()), gone?.token ?? '')) as string[]
      if (r[0] === 'taken') return { kind: 'taken' }
      const holder = holderOf(r.slice(1))
      // a holder without a token does not read: the next try takes it
      return holder ? { kind: 'held', holder } : { kind: 'held', holder: { ...me, token: '?', since: 0, beats: 0 } }
    },
    async refresh(): Promise<RefreshResult> {
      const r = (await redis.eval(REFRESH_SCRIPT, 1, key, me.token, String(deps.ttlMs()), ...identity)) as string[]
      if (r[0] === 'kept') return { kind: 'kept' }
      if (r[0] === 'retaken') return { kind: 'retaken' }
      return { kind: 'lost', holder: holderOf(r.slice(1)) }
    },
    async release(): Promise<void> {
      await redis.eval(RELEASE_SCRIPT, 1, key, me.token)
    },
    /** the holder now, if any */
    async holder(): Promise<Holder | undefined> {
      return holderOf(Object.entries(await redis.hgetall(key)).flat())
    },
  }
}

export type AccountLease = ReturnType<typeof createAccountLease>

/** whether any process holds `account` now (a dead account's locks are orphaned only when none does) */
export async function accountHeld(redis: Redis, keys: Keys, account: string): Promise<boolean> {
  return (await redis.exists(keys.accountHolder(account))) === 1
}
