/**
 * Decides a room's serving account, atomically, so every process agrees (issue 11).
 *
 * KEYS: serving hash, online hash, load hash, then one rooms set per candidate.
 * ARGV: room id, number of preferred candidates, then the candidates (preferred first,
 * in the order of `groups.list[].accounts`, then the others).
 *
 * The current serving account stays while it is online and still in the room (sticky:
 * groups never move back on their own mid-broadcast). Otherwise the first preferred
 * candidate online and in the room wins, else the one online in the room serving the
 * fewest rooms (ties: the first). Returns the serving account, or false when no account
 * online is in the room (the old assignment, if any, is kept, so the group is known to
 * be left without an account).
 */
export const CLAIM_SCRIPT = `
local room = ARGV[1]
local npref = tonumber(ARGV[2])
local cur = redis.call('HGET', KEYS[1], room)
local function usable(i)
  local a = ARGV[2 + i]
  return redis.call('HEXISTS', KEYS[2], a) == 1 and redis.call('SISMEMBER', KEYS[3 + i], room) == 1
end
local ncand = #ARGV - 2
if cur then
  for i = 1, ncand do
    if ARGV[2 + i] == cur and usable(i) then return cur end
  end
end
local best, bestLoad = nil, nil
for i = 1, ncand do
  if usable(i) then
    local a = ARGV[2 + i]
    if i <= npref then best = a break end
    local l = tonumber(redis.call('HGET', KEYS[3], a) or '0')
    if best == nil or l < bestLoad then best, bestLoad = a, l end
  end
end
if best == nil then return false end
if cur == best then return best end
if cur then redis.call('HINCRBY', KEYS[3], cur, -1) end
redis.call('HSET', KEYS[1], room, best)
redis.call('HINCRBY', KEYS[3], best, 1)
return best
`

/**
 * Moves a room to `ARGV[2]` when it is currently served by `ARGV[3]` (compare-and-set),
 * for `#账号 回切`. KEYS: serving hash, load hash. Returns 1 when moved.
 */
export const MOVE_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[3], -1)
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
`

/**
 * The accounts whose lease expired (their process stopped refreshing it: killed, hung, cut
 * off) are taken offline, atomically, so exactly one process acts on each expiry (issue 11).
 * KEYS: lease sorted set (account → expiry), online hash. ARGV: now, the caller's account
 * (never its own: a process that finds itself late just refreshes). Returns the accounts
 * taken offline, each with its expiry.
 */
export const REAP_SCRIPT = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
local out = {}
for i = 1, #due, 2 do
  local a = due[i]
  if a ~= ARGV[2] then
    redis.call('ZREM', KEYS[1], a)
    redis.call('HDEL', KEYS[2], a)
    table.insert(out, a)
    table.insert(out, due[i + 1])
  end
end
return out
`
