import type { Redis } from 'ioredis'
import type { GroupRecord } from '../core/groups'
import type { GroupInfo } from '../core/types'
import { z } from 'zod'
import type { Keys } from './keys'
import { readStored, type OnBadValue } from './stored-json'
import { execPipeline } from './exec-pipeline'

const recordSchema: z.ZodType<GroupRecord> = z.object({
  roomId: z.string(),
  topic: z.string(),
  memberCount: z.number(),
  botIsOwner: z.boolean(),
  botIsAdmin: z.boolean(),
  present: z.boolean(),
  updatedAt: z.number(),
})
const tagsSchema = z.array(z.string())

/**
 * The rooms the bot is in, by room id (never by topic: anyone can copy a topic).
 * Kept in Redis so reports and commands work across restarts. A record that does not read
 * is reported and left out (the next sync with WeChat writes it again).
 */
export function createGroupRegistry(
  redis: Redis,
  keys: Keys,
  onBad: OnBadValue,
  /** several accounts (issue 11): the rooms another online account is in stay present when this one is not in them */
  heldElsewhere?: (roomIds: string[]) => Promise<Set<string>>,
) {
  const read = (roomId: string, raw: string | null) => readStored(recordSchema, raw, `${keys.groups()} ${roomId}`, onBad)
  /** bumped on every write from this process, so readers can cache between writes */
  let version = 0
  const toRecord = (g: GroupInfo, at: number): GroupRecord => ({
    roomId: g.roomId,
    topic: g.topic,
    memberCount: g.memberCount,
    botIsOwner: g.botIsOwner,
    botIsAdmin: g.botIsAdmin,
    present: true,
    updatedAt: at,
  })

  async function all(): Promise<GroupRecord[]> {
    const raw = await redis.hgetall(keys.groups())
    return Object.entries(raw).flatMap(([roomId, v]) => read(roomId, v) ?? [])
  }

  async function get(roomId: string): Promise<GroupRecord | undefined> {
    return read(roomId, await redis.hget(keys.groups(), roomId))
  }

  async function put(record: GroupRecord): Promise<void> {
    await redis.hset(keys.groups(), record.roomId, JSON.stringify(record))
    version++
  }

  return {
    all,
    get,
    put,
    version: () => version,
    /** replaces the registry with what WeChat says now; rooms no longer present are kept, marked absent */
    async sync(groups: GroupInfo[], at: number): Promise<void> {
      const seen = new Set(groups.map((g) => g.roomId))
      const old = await all()
      const gone = old.filter((r) => !seen.has(r.roomId) && r.present)
      const held = heldElsewhere ? await heldElsewhere(gone.map((r) => r.roomId)) : new Set<string>()
      const pipe = redis.pipeline()
      for (const g of groups) pipe.hset(keys.groups(), g.roomId, JSON.stringify(toRecord(g, at)))
      for (const r of gone) if (!held.has(r.roomId)) pipe.hset(keys.groups(), r.roomId, JSON.stringify({ ...r, present: false, updatedAt: at }))
      await execPipeline(pipe)
      version++
    },
    async update(g: GroupInfo, at: number): Promise<void> {
      await put(toRecord(g, at))
    },
    async tagOverrides(): Promise<Record<string, string[]>> {
      const raw = await redis.hgetall(keys.groupTags())
      return Object.fromEntries(
        Object.entries(raw).flatMap(([k, v]) => {
          const tags = readStored(tagsSchema, v, `${keys.groupTags()} ${k}`, onBad)
          return tags ? [[k, tags]] : []
        }),
      )
    },
    async setTags(roomId: string, tags: string[]): Promise<void> {
      await redis.hset(keys.groupTags(), roomId, JSON.stringify(tags))
      version++
    },
  }
}

export type GroupRegistry = ReturnType<typeof createGroupRegistry>
