/**
 * Redis memory of the activity records for 1,000 groups of 500 members with a month of
 * history, written through the recorder's own write functions (the Lua scripts the bot
 * runs per message, join and leave) on a real Redis.
 *
 * The month is generated from a seeded model of a busy operations network: each group
 * has 500 members whose activity follows a Zipf law (a few talk a lot, most never), 150
 * messages a day, 10% of them @-mention someone and 5% quote-reply someone, 3 joins and
 * 2 leaves a day. Memory is the sum of `MEMORY USAGE` over the keys written (exact, and
 * blind to whatever else shares the Redis), with `INFO memory` deltas alongside.
 * `npx tsx bench/redis-memory.ts [--groups 1000] [--members 500] [--days 30] [--messages 150]`
 */
import { numberArg, printJsonAndExit } from './cli'
import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import { createActivityStore } from '../src/store/activity-store'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { seededRng } from './rule-throughput'
import { DEFAULT_REDIS_URL } from '../src/store/redis'

export interface MemoryOptions {
  groups?: number
  members?: number
  days?: number
  messagesPerDay?: number
  redisUrl?: string
  seed?: number
  /** progress lines on stderr */
  progress?: boolean
}

export interface MemoryResult {
  groups: number
  membersPerGroup: number
  days: number
  messages: number
  joins: number
  leaves: number
  writeSeconds: number
  writesPerSecond: number
  keys: number
  memberRecords: number
  /** sum of MEMORY USAGE over the keys written */
  bytes: number
  mib: number
  bytesPerGroup: number
  bytesPerMemberOfGroup: number
  /** the same, by kind of key */
  byKind: Record<string, { keys: number; bytes: number; encodings: Record<string, number> }>
  /** INFO memory used_memory after minus before (includes anything else on this Redis) */
  usedMemoryDeltaMiB: number
}

const DAY = 86_400_000

/** Weighted choice by cumulative weights (Zipf over member rank). */
function picker(n: number, rng: () => number): () => number {
  const cumulative: number[] = []
  let sum = 0
  for (let i = 1; i <= n; i++) {
    sum += 1 / i ** 1.1
    cumulative.push(sum)
  }
  return () => {
    const x = rng() * sum
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

async function usedMemory(redis: IORedis): Promise<number> {
  const info = await redis.info('memory')
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0)
}

export async function measureRedisMemory(opts: MemoryOptions = {}): Promise<MemoryResult> {
  const groups = opts.groups ?? 1000
  const members = opts.members ?? 500
  const days = opts.days ?? 30
  const perDay = opts.messagesPerDay ?? 150
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  const rng = seededRng(opts.seed ?? 20260301)
  const prefix = `qunhq-bench-${randomBytes(4).toString('hex')}`
  const redis = new IORedis(redisUrl)
  // the month ends now: day records expire as they would in a running bot
  const end = Date.now()
  const start = end - days * DAY
  const store = createActivityStore({ redis, prefix, timeZone: () => 'Asia/Shanghai', now: () => end })
  const pick = picker(members, rng)
  const log = (s: string) => opts.progress && process.stderr.write(`${s}\n`)

  try {
    const before = await usedMemory(redis)
    // each group's roster: member ids by Zipf rank (index 0 talks most); joins append
    const rosters = Array.from({ length: groups }, (_, g) => Array.from({ length: members }, (_, j) => `wxid_g${g}_m${j}`))
    const rooms = Array.from({ length: groups }, (_, g) => `bench${g}@chatroom`)
    await store.markWatched(rooms, start)
    let messages = 0
    let joins = 0
    let leaves = 0
    const t0 = performance.now()
    const inFlight: Promise<unknown>[] = []
    const send = async (p: Promise<unknown>) => {
      inFlight.push(p)
      if (inFlight.length >= 2000) await Promise.all(inFlight.splice(0))
    }
    for (let d = 0; d < days; d++) {
      const dayStart = start + d * DAY
      for (let g = 0; g < groups; g++) {
        const room = rooms[g] ?? ''
        const roster = rosters[g] ?? []
        // a member's rank is their place in the roster; leavers leave a gap that joiners fill
        const who = () => roster[pick()] ?? roster[0] ?? ''
        for (let j = 0; j < 3; j++) {
          const id = `wxid_g${g}_n${d}_${j}`
          const slot = members - 1 - Math.floor(rng() * (members / 2))
          roster[slot] = id
          await send(store.recordJoin(room, [id], who(), dayStart + Math.floor(rng() * DAY)))
          joins++
        }
        for (let j = 0; j < 2; j++) {
          await send(store.recordLeave(room, [roster[Math.floor(rng() * roster.length)] ?? ""], dayStart + Math.floor(rng() * DAY)))
          leaves++
        }
        for (let m = 0; m < perDay; m++) {
          const from = who()
          const r = rng()
          const other = who()
          const linked = other !== from
          await send(
            store.recordMessage({
              roomId: room,
              memberId: from,
              at: dayStart + Math.floor((m / perDay) * DAY),
              introduced: rng() < 0.02,
              mentions: r < 0.1 && linked ? [other] : [],
              replyTo: r >= 0.1 && r < 0.15 && linked ? [other] : [],
            }),
          )
          messages++
        }
      }
      log(`day ${d + 1}/${days}: ${messages} messages`)
    }
    await Promise.all(inFlight.splice(0))
    const writeSeconds = (performance.now() - t0) / 1000
    const after = await usedMemory(redis)

    // exact accounting of what was written
    const byKind: MemoryResult['byKind'] = {}
    let bytes = 0
    let keys = 0
    let memberRecords = 0
    let cursor = '0'
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000)
      cursor = next
      if (!batch.length) continue
      const pipe = redis.pipeline()
      for (const k of batch) {
        pipe.memory('USAGE', k, 'SAMPLES', '0')
        pipe.object('ENCODING', k)
        if (k.includes(':act:m:')) pipe.hlen(k)
      }
      const replies = (await pipe.exec()) ?? []
      let i = 0
      for (const k of batch) {
        const size = Number(replies[i++]?.[1] ?? 0)
        const encoding = String(replies[i++]?.[1] ?? '?')
        if (k.includes(':act:m:')) memberRecords += Number(replies[i++]?.[1] ?? 0)
        const kind = /:act:([a-z]+):/.exec(k)?.[1] ?? 'other'
        const name = { g: 'groupMeta', m: 'memberBuckets', d: 'days', l: 'links' }[kind] ?? kind
        const entry = (byKind[name] ??= { keys: 0, bytes: 0, encodings: {} })
        entry.keys++
        entry.bytes += size
        entry.encodings[encoding] = (entry.encodings[encoding] ?? 0) + 1
        bytes += size
        keys++
      }
    } while (cursor !== '0')

    return {
      groups,
      membersPerGroup: members,
      days,
      messages,
      joins,
      leaves,
      writeSeconds: Math.round(writeSeconds * 10) / 10,
      writesPerSecond: Math.round((messages + joins + leaves) / writeSeconds),
      keys,
      memberRecords,
      bytes,
      mib: Math.round((bytes / 2 ** 20) * 10) / 10,
      bytesPerGroup: Math.round(bytes / groups),
      bytesPerMemberOfGroup: Math.round((bytes / groups / members) * 10) / 10,
      byKind,
      usedMemoryDeltaMiB: Math.round(((after - before) / 2 ** 20) * 10) / 10,
    }
  } finally {
    redis.disconnect()
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

const arg = numberArg

if (require.main === module) {
  printJsonAndExit(measureRedisMemory({
    groups: arg('groups'),
    members: arg('members'),
    days: arg('days'),
    messagesPerDay: arg('messages'),
    progress: true,
  }))
}
