import { createHash } from 'node:crypto'
import type { Script } from './activity-scripts'

/**
 * The entry gate's pick of a room and the hold of its seat, as one step on the Redis server
 * (issue 17: twenty applicants answering at once read the same free seats and all took them).
 *
 * KEYS: per candidate room, in fill order: its seats (sorted set: contact → until when the
 * seat counts, bot clock ms), then its legacy seats (the set older versions wrote, read only).
 * ARGV: contact, capacity, now, until (the new seat's), the key's minimum lifetime (ms), the
 * number of rooms, then per room: its member count, the number of its `seen` contacts, and
 * those contacts — the seat holders the caller found among the room's members when it read
 * them, who are counted in the member count already.
 *
 * Seats past their time are dropped first. A contact who holds a seat in one of the rooms
 * keeps it (a re-run): `{ i, -1 }`. Otherwise the first room whose members plus seats not
 * seen is under capacity gets the seat: `{ i, free seats left in all the rooms }`; none:
 * `{ 0, 0 }`.
 *
 * Why it cannot overfill: every seat is counted unless its holder was seen as a member in the
 * same reading as the member count; a seat whose holder joined stays (until a grace after the
 * join) so a reading from before the join still counts it once. All keys share the
 * deployment's hash tag on a Redis Cluster (docs/architecture.md).
 */
const lua = `
local contact = ARGV[1]
local cap = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local untilAt = ARGV[4]
local keyTtl = tonumber(ARGV[5])
local n = tonumber(ARGV[6])
local a = 7
local pick, free = 0, 0
for i = 1, n do
  local seats, legacy = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('ZREMRANGEBYSCORE', seats, '-inf', now)
  local count = tonumber(ARGV[a])
  local nseen = tonumber(ARGV[a + 1])
  a = a + 2
  local seen = {}
  for j = 1, nseen do
    seen[ARGV[a]] = true
    a = a + 1
  end
  if redis.call('ZSCORE', seats, contact) then return { i, -1 } end
  local holders = {}
  for _, id in ipairs(redis.call('ZRANGE', seats, 0, -1)) do holders[id] = true end
  for _, id in ipairs(redis.call('SMEMBERS', legacy)) do holders[id] = true end
  for id in pairs(holders) do
    if not seen[id] then count = count + 1 end
  end
  if count < cap then
    free = free + cap - count
    if pick == 0 then pick = i end
  end
end
if pick == 0 then return { 0, 0 } end
local seats = KEYS[2 * pick - 1]
redis.call('ZADD', seats, untilAt, contact)
if redis.call('PTTL', seats) < keyTtl then redis.call('PEXPIRE', seats, keyTtl) end
return { pick, free - 1 }
`

export const SEAT_SCRIPT: Script = { lua, sha: createHash('sha1').update(lua).digest('hex') }
