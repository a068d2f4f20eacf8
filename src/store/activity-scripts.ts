/**
 * The Lua scripts that write activity records: one round trip per event, atomic, so a
 * member's record, the day's counters and the links never disagree; and the one that reads a
 * group's records in one call. Record layout and
 * pair codes are those of `activity-codec.ts`.
 */
import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { ttlMsOf } from './keys'

/**
 * A group's meta hash and member buckets live while the group is active: the message and
 * join scripts refresh their TTL (meta last, so it never expires before a bucket and
 * member numbers are never given twice). A leave does not refresh it, and drops the
 * records of members who left longer ago than any day record that could name them.
 */
const GROUP_TTL_S = ttlMsOf('activityMembers') / 1000
/** longer than day records are kept (RETAIN_DAYS 35 after the day's end) */
const LEFT_RETAIN_S = 40 * 86400

const common = `
local function split(v)
  local t = {}
  local start = 1
  for i = 1, 8 do
    local s = string.find(v, ',', start, true)
    if s then
      t[i] = string.sub(v, start, s - 1)
      start = s + 1
    else
      t[i] = string.sub(v, start)
      for j = i + 1, 8 do t[j] = '' end
      break
    end
  end
  return t
end
local function load(bucket, meta, id)
  local v = redis.call('HGET', bucket, id)
  if v then return split(v) end
  local n = redis.call('HINCRBY', meta, 'n', 1)
  return { tostring(n), '', '', '', '', '', '', '' }
end
local function save(bucket, id, t)
  local s = table.concat(t, ',', 1, 8)
  s = (string.gsub(s, ',+$', ''))
  redis.call('HSET', bucket, id, s)
end
local function add(v, n)
  return tostring((tonumber(v) or 0) + n)
end
local function keep(key, ttl)
  if redis.call('TTL', key) == -1 then redis.call('EXPIRE', key, ttl) end
end
local function touch(key)
  redis.call('EXPIRE', key, ${GROUP_TTL_S})
end
`

/**
 * A message. KEYS: meta, day, links, sender's bucket, then one bucket per linked member.
 * ARGV: sender, time (base 36 s), ttl (s), introduced ('1' or ''), time (ms), then
 * (kind, id) per linked member: kind 'm' for an @-mention (counted), 'r' for a reply.
 */
const message = `${common}
local me = load(KEYS[4], KEYS[1], ARGV[1])
me[2] = ARGV[2]
if ARGV[4] == '1' then me[7] = '1' end
save(KEYS[4], ARGV[1], me)
redis.call('HINCRBY', KEYS[2], me[1], 1)
redis.call('HINCRBY', KEYS[2], 'm', 1)
keep(KEYS[2], ARGV[3])
for k = 5, #KEYS do
  local kind = ARGV[2 * (k - 5) + 6]
  local id = ARGV[2 * (k - 5) + 7]
  local t = load(KEYS[k], KEYS[1], id)
  if kind == 'm' then t[6] = add(t[6], 1) end
  save(KEYS[k], id, t)
  local a, b = tonumber(me[1]), tonumber(t[1])
  if a > b then a, b = b, a end
  redis.call('SADD', KEYS[3], string.format('%.0f', a * 1048576 + b))
end
if #KEYS >= 5 then keep(KEYS[3], ARGV[3]) end
redis.call('HSETNX', KEYS[1], 'since', ARGV[5])
for k = 4, #KEYS do touch(KEYS[k]) end
touch(KEYS[1])
return 1
`

/**
 * Members joined. KEYS: meta, day, inviter's bucket, then one bucket per member.
 * ARGV: inviter ('' when unknown), time (base 36 s), ttl (s), time (ms), then member ids.
 */
const join = `${common}
local inv
if ARGV[1] ~= '' then inv = load(KEYS[3], KEYS[1], ARGV[1]) end
local count = 0
for k = 4, #KEYS do
  local id = ARGV[k + 1]
  if id ~= ARGV[1] then
    local t = load(KEYS[k], KEYS[1], id)
    t[3] = ARGV[2]
    t[8] = ''
    if inv then t[4] = inv[1] end
    save(KEYS[k], id, t)
    count = count + 1
  end
end
if inv and count > 0 then
  inv[5] = add(inv[5], count)
  save(KEYS[3], ARGV[1], inv)
end
if count > 0 then
  redis.call('HINCRBY', KEYS[2], 'j', count)
  keep(KEYS[2], ARGV[3])
end
redis.call('HSETNX', KEYS[1], 'since', ARGV[4])
for k = 3, #KEYS do touch(KEYS[k]) end
touch(KEYS[1])
return count
`

/**
 * Members left (or were removed). KEYS: day, then one bucket per member.
 * ARGV: time (base 36 s), ttl (s), then member ids. A member already marked as left is
 * not counted twice; one without a record is counted but gets none.
 */
const leave = `${common}
local count = 0
for k = 2, #KEYS do
  local id = ARGV[k + 1]
  local v = redis.call('HGET', KEYS[k], id)
  if v then
    local t = split(v)
    if t[8] == '' then
      t[8] = ARGV[1]
      save(KEYS[k], id, t)
      count = count + 1
    end
  else
    count = count + 1
  end
end
if count > 0 then
  redis.call('HINCRBY', KEYS[1], 'l', count)
  keep(KEYS[1], ARGV[2])
end
local cutoff = tonumber(ARGV[1], 36) - ${LEFT_RETAIN_S}
local pruned = {}
for k = 2, #KEYS do
  if not pruned[KEYS[k]] then
    pruned[KEYS[k]] = true
    local all = redis.call('HGETALL', KEYS[k])
    for i = 1, #all, 2 do
      local left = split(all[i + 1])[8]
      if left ~= '' and (tonumber(left, 36) or cutoff) < cutoff then redis.call('HDEL', KEYS[k], all[i]) end
    end
  end
end
return count
`

/**
 * One group's records in one call (reports of many groups: one command per group instead
 * of ~70, bench/console-groups.ts). KEYS: meta, the member buckets, the day hashes, the
 * link sets. ARGV: the number of buckets, the number of days. Returns `since` ('' when
 * unset), then each bucket's and each day's fields and values flat, then each day's links.
 */
const read = `
local out = { redis.call('HGET', KEYS[1], 'since') or '' }
local buckets = tonumber(ARGV[1])
local days = tonumber(ARGV[2])
for k = 2, 1 + buckets + days do out[#out + 1] = redis.call('HGETALL', KEYS[k]) end
for k = 2 + buckets + days, 1 + buckets + 2 * days do out[#out + 1] = redis.call('SMEMBERS', KEYS[k]) end
return out
`

export interface Script {
  lua: string
  sha: string
}

function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') }
}

export const activityScripts = { message: script(message), join: script(join), leave: script(leave), read: script(read) }

/** EVALSHA, loading the script on the first NOSCRIPT (after a Redis restart, say). */
export async function runScript(redis: Redis, s: Script, keys: string[], args: Array<string | number>): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args)
  } catch (err) {
    if (!/NOSCRIPT/.test((err as Error).message)) throw err
    return redis.eval(s.lua, keys.length, ...keys, ...args)
  }
}
