import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'

/**
 * How a member came in, for "who brought whom": `keyword:<kw>` (a friend request or private
 * message with an `entry.friendKeywords` keyword), `code` (a redemption code), `member` (a
 * member invited them), `unknown` (the bot invited them without a mark, or no inviter known).
 */
export type JoinChannel = `keyword:${string}` | 'code' | 'member' | 'unknown'

export const JOIN_CHANNELS_FIXED = ['code', 'member', 'unknown'] as const

export function isJoinChannel(s: string): s is JoinChannel {
  return (JOIN_CHANNELS_FIXED as readonly string[]).includes(s) || (s.startsWith('keyword:') && s.length > 'keyword:'.length)
}

/**
 * The entry gate marks a contact's channel before it invites them into a room; the
 * analytics recorder takes the mark when the join arrives (an invitation above 40 members
 * may be accepted days later, hence the 14-day TTL). A mark is taken once.
 */
export function createEntryChannels(deps: { redis: Redis; keys: Keys }) {
  const { redis, keys } = deps
  return {
    async mark(roomId: string, contactId: string, channel: JoinChannel): Promise<void> {
      if (!isJoinChannel(channel)) throw new Error(`not a join channel: ${channel}`)
      await redis.set(keys.joinChannel(roomId, contactId), channel, 'PX', ttlMsOf('joinChannel'))
    },
    /** the mark, removed; undefined when there is none */
    async take(roomId: string, contactId: string): Promise<JoinChannel | undefined> {
      const key = keys.joinChannel(roomId, contactId)
      const [[, value] = [null, null]] = (await redis.multi().get(key).del(key).exec()) ?? []
      return typeof value === 'string' && isJoinChannel(value) ? value : undefined
    },
  }
}

export type EntryChannels = ReturnType<typeof createEntryChannels>
