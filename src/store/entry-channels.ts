import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from './keys'
import type { OnBadValue } from './stored-json'

/**
 * How a member came in, for "who brought whom": `keyword:<kw>` (a friend request or private
 * message with an `entry.friendKeywords` keyword), `code` (a redemption code), `member` (a
 * member invited them), `unknown` (the bot invited them without a mark, or no inviter known).
 */
export type JoinChannel = `keyword:${string}` | 'code' | 'member' | 'unknown'

export function isJoinChannel(s: string): s is JoinChannel {
  return s === 'code' || s === 'member' || s === 'unknown' || (s.startsWith('keyword:') && s.length > 'keyword:'.length)
}

/**
 * The entry gate marks a contact's channel before the bot invites them into a room
 * (`ctx.stores.entryChannels.mark(roomId, contactId, 'keyword:读书会')`); the analytics
 * recorder takes the mark when the join arrives. An invitation into a group above 40
 * members may be accepted days later, hence the 14-day TTL. A mark is taken once.
 */
export function createEntryChannels(redis: Redis, keys: Keys, onBad: OnBadValue) {
  return {
    async mark(roomId: string, contactId: string, channel: JoinChannel): Promise<void> {
      if (!isJoinChannel(channel)) throw new Error(`not a join channel: ${channel}`)
      await redis.set(keys.joinChannel(roomId, contactId), channel, 'PX', ttlMsOf('joinChannel'))
    },
    /** the mark, removed; undefined when there is none (or it is not a channel we write) */
    async take(roomId: string, contactId: string): Promise<JoinChannel | undefined> {
      const key = keys.joinChannel(roomId, contactId)
      const replies = (await redis.multi().get(key).del(key).exec()) ?? []
      const [err, value] = replies[0] ?? [null, null]
      if (err) throw err
      if (typeof value !== 'string') return undefined
      if (isJoinChannel(value)) return value
      onBad(key, `not a join channel: ${value.slice(0, 60)}`)
      return undefined
    },
  }
}

export type EntryChannels = ReturnType<typeof createEntryChannels>
