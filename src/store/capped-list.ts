import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { runScript, type Script } from './activity-scripts'

/**
 * A capped list with a lifetime, written in one command: LPUSH, LTRIM to the newest `keep`,
 * PEXPIRE, and (when asked) LRANGE of what is kept. Atomic as the MULTI it replaces, at 1
 * command where the MULTI cost 5–6 (issue 23 item 4: the message path counts its commands).
 * ARGV: value, keep, ttl ms, '1' to return the list.
 */
const lua = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[4] == '1' then return redis.call('LRANGE', KEYS[1], 0, -1) end
return 0
`
const PUSH_CAPPED: Script = { lua, sha: createHash('sha1').update(lua).digest('hex') }

/** pushes `value` onto `key` (newest first), keeps the newest `keep`, lets it live `ttlMs`; returns what is kept */
export async function pushCappedAndRead(redis: Redis, key: string, value: string, keep: number, ttlMs: number): Promise<string[]> {
  return ((await runScript(redis, PUSH_CAPPED, [key], [value, keep, ttlMs, '1'])) as string[] | null) ?? []
}

/** as `pushCappedAndRead`, without reading the list back */
export async function pushCapped(redis: Redis, key: string, value: string, keep: number, ttlMs: number): Promise<void> {
  await runScript(redis, PUSH_CAPPED, [key], [value, keep, ttlMs, '0'])
}

/** INCR and PEXPIRE in one command: a counter with a lifetime (a member's messages in a group, rules.bare) */
const lua2 = `
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return n
`
const COUNT_WITH_TTL: Script = { lua: lua2, sha: createHash('sha1').update(lua2).digest('hex') }

/** adds one to `key`, lets it live `ttlMs` from now; returns the new count */
export async function countWithLifetime(redis: Redis, key: string, ttlMs: number): Promise<number> {
  return Number(await runScript(redis, COUNT_WITH_TTL, [key], [ttlMs]))
}
