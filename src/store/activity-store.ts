import type { Redis } from 'ioredis'
import { dayRange } from '../core/analytics'
import { dayKey, nextDayStart } from '../core/time-window'
import {
  BUCKETS,
  bucketOf,
  DAY_FIELDS,
  decodeMember,
  decodePair,
  encodeTime,
  type MemberRecord,
} from './activity-codec'
import { activityScripts, runScript } from './activity-scripts'
import { createKeys, ttlMsOf } from './keys'
import { execPipeline } from './exec-pipeline'

/** Day records and links are kept this many days after their day ends (reports read 30). */
export const RETAIN_DAYS = 35
/** How many days a report reads. */
export const READ_DAYS = 30

/** One group's day, as stored. */
export interface DayActivity {
  day: string
  messages: number
  joins: number
  leaves: number
  /** member number → messages that day */
  byMember: Map<number, number>
  /** joins that day by channel (`keyword:<kw>`, `code`, `member`, `unknown`); joins before channels were kept have none */
  channels: Record<string, number>
}

/** Everything stored about one group, for the report builders. */
export interface GroupActivity {
  /** when the bot began keeping records of this group */
  since: number | undefined
  /** contact id → record */
  members: Map<string, MemberRecord>
  /** member number → contact id */
  ids: Map<number, string>
  /** oldest first; days without any record are absent */
  days: DayActivity[]
  /** linked member-number pairs over the days read, distinct */
  links: Array<[number, number]>
}

export interface MessageRecordInput {
  roomId: string
  memberId: string
  at: number
  /** the message counts as the member's self-introduction */
  introduced: boolean
  /** members @-mentioned (not the sender, not the bot) */
  mentions: readonly string[]
  /** members replied to by quoting (not mentioned too) */
  replyTo: readonly string[]
}

/**
 * Activity records in Redis, written as events arrive (one script call each) and read
 * whole per group for reports. Keys live under `<prefix>:act:`.
 */
export function createActivityStore(deps: { redis: Redis; prefix: string; timeZone: () => string; now: () => number }) {
  const { redis } = deps
  const registry = createKeys(deps.prefix)
  const keys = {
    meta: registry.activityMeta,
    bucket: registry.activityMembers,
    memberBucket: (room: string, member: string) => registry.activityMembers(room, bucketOf(member)),
    day: registry.activityDay,
    links: registry.activityLinks,
  }

  // the day key of the latest event, reused until its day ends: Intl is the costly part
  let cached: { tz: string; from: number; until: number; day: string } | undefined
  function dayOf(at: number): { day: string; until: number } {
    const tz = deps.timeZone()
    if (cached && cached.tz === tz && at >= cached.from && at < cached.until) return cached
    const next = { tz, from: at, until: nextDayStart(at, tz), day: dayKey(at, tz) }
    if (!cached || at >= cached.from) cached = next
    return next
  }

  /** seconds until a record of the day ending at `until` may go */
  function ttlFor(until: number): number {
    return Math.max(60, Math.ceil((until + RETAIN_DAYS * 86_400_000 - deps.now()) / 1000))
  }

  return {
    keys,

    async recordMessage(input: MessageRecordInput): Promise<void> {
      const { roomId, memberId, at } = input
      const { day, until } = dayOf(at)
      const targets: Array<['m' | 'r', string]> = [
        ...input.mentions.map((id): ['m', string] => ['m', id]),
        ...input.replyTo.map((id): ['r', string] => ['r', id]),
      ]
      await runScript(
        redis,
        activityScripts.message,
        [
          keys.meta(roomId),
          keys.day(roomId, day),
          keys.links(roomId, day),
          keys.memberBucket(roomId, memberId),
          ...targets.map(([, id]) => keys.memberBucket(roomId, id)),
        ],
        [memberId, encodeTime(at), ttlFor(until), input.introduced ? '1' : '', at, ...targets.flat()],
      )
    },

    /** `inviterId` '' when unknown; returns how many joins were counted */
    async recordJoin(roomId: string, memberIds: readonly string[], inviterId: string, at: number): Promise<number> {
      if (!memberIds.length) return 0
      const { day, until } = dayOf(at)
      const n = await runScript(
        redis,
        activityScripts.join,
        [keys.meta(roomId), keys.day(roomId, day), keys.memberBucket(roomId, inviterId), ...memberIds.map((id) => keys.memberBucket(roomId, id))],
        [inviterId, encodeTime(at), ttlFor(until), at, ...memberIds],
      )
      return Number(n) || 0
    },

    /** joins by channel, counted on the day of `at` (fields `c:<channel>` of the day record) */
    async recordJoinChannels(roomId: string, at: number, counts: ReadonlyMap<string, number>): Promise<void> {
      if (!counts.size) return
      const { day, until } = dayOf(at)
      const key = keys.day(roomId, day)
      const pipe = redis.pipeline()
      for (const [channel, n] of counts) pipe.hincrby(key, `${DAY_FIELDS.channelPrefix}${channel}`, n)
      pipe.expire(key, ttlFor(until))
      await execPipeline(pipe)
    },

    /** returns how many leaves were counted (a member already marked as left is not counted again) */
    async recordLeave(roomId: string, memberIds: readonly string[], at: number): Promise<number> {
      if (!memberIds.length) return 0
      const { day, until } = dayOf(at)
      const n = await runScript(
        redis,
        activityScripts.leave,
        [keys.day(roomId, day), ...memberIds.map((id) => keys.memberBucket(roomId, id))],
        [encodeTime(at), ttlFor(until), ...memberIds],
      )
      return Number(n) || 0
    },

    /** the bot watches these groups from `at` on (kept when already set) */
    async markWatched(roomIds: readonly string[], at: number): Promise<void> {
      if (!roomIds.length) return
      const pipe = redis.pipeline()
      for (const room of roomIds) pipe.hsetnx(keys.meta(room), 'since', String(at)).pexpire(keys.meta(room), ttlMsOf('activityMeta'))
      await execPipeline(pipe)
    },

    /** one group's records for the `days` days ending with `today` */
    async read(roomId: string, today: string, days = READ_DAYS): Promise<GroupActivity> {
      const range = dayRange(today, days)
      const replies = (await runScript(
        redis,
        activityScripts.read,
        [
          keys.meta(roomId),
          ...Array.from({ length: BUCKETS }, (_, b) => keys.bucket(roomId, b)),
          ...range.map((d) => keys.day(roomId, d)),
          ...range.map((d) => keys.links(roomId, d)),
        ],
        [BUCKETS, range.length],
      )) as [string, ...string[][]]
      const value = (i: number): unknown => replies[i]
      /** HGETALL's flat reply as an object, as ioredis gives it */
      const hash = (i: number): Record<string, string> => {
        const flat = (replies[i] ?? []) as string[]
        const o: Record<string, string> = Object.create(null) as Record<string, string>
        for (let j = 0; j + 1 < flat.length; j += 2) o[flat[j]!] = flat[j + 1]!
        return o
      }

      const sinceRaw = (value(0) as string) || null
      const members = new Map<string, MemberRecord>()
      const ids = new Map<number, string>()
      for (let b = 0; b < BUCKETS; b++) {
        for (const [id, packed] of Object.entries(hash(1 + b))) {
          const r = decodeMember(packed)
          if (!r) continue
          members.set(id, r)
          ids.set(r.idx, id)
        }
      }
      const dayRecords: DayActivity[] = []
      range.forEach((day, i) => {
        const raw = hash(1 + BUCKETS + i)
        if (!Object.keys(raw).length) return
        const byMember = new Map<number, number>()
        const channels: Record<string, number> = {}
        for (const [field, count] of Object.entries(raw)) {
          if (field.startsWith(DAY_FIELDS.channelPrefix)) {
            channels[field.slice(DAY_FIELDS.channelPrefix.length)] = Number(count) || 0
            continue
          }
          const idx = Number(field)
          if (Number.isInteger(idx) && idx > 0) byMember.set(idx, Number(count) || 0)
        }
        dayRecords.push({
          day,
          messages: Number(raw[DAY_FIELDS.messages]) || 0,
          joins: Number(raw[DAY_FIELDS.joins]) || 0,
          leaves: Number(raw[DAY_FIELDS.leaves]) || 0,
          byMember,
          channels,
        })
      })
      const pairs = new Set<number>()
      range.forEach((_, i) => {
        for (const code of (value(1 + BUCKETS + range.length + i) as string[]) ?? []) pairs.add(Number(code))
      })
      return {
        since: sinceRaw ? Number(sinceRaw) : undefined,
        members,
        ids,
        days: dayRecords,
        links: [...pairs].map(decodePair),
      }
    },

    /** drops the records of members who left before `before` (their history is no longer reported) */
    async pruneLeft(roomId: string, activity: GroupActivity, before: number): Promise<number> {
      const gone = [...activity.members].filter(([, r]) => r.leftAt !== undefined && r.leftAt < before)
      if (!gone.length) return 0
      const pipe = redis.pipeline()
      for (const [id] of gone) pipe.hdel(keys.memberBucket(roomId, id), id)
      await execPipeline(pipe)
      return gone.length
    },
  }
}

export type ActivityStore = ReturnType<typeof createActivityStore>
