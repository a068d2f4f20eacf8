import type { Redis } from 'ioredis'
import { fnv1a } from '../core/fnv1a'
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
  const newRoomKey = (topic: string, contactId: string) => keys.joinChannelNew(fnv1a(topic).toString(36), contactId)
  async function write(key: string, channel: JoinChannel, ttlMs: number): Promise<void> {
    if (!isJoinChannel(channel)) throw new Error(`not a join channel: ${channel}`)
    await redis.set(key, channel, 'PX', ttlMs)
  }
  async function takeKey(key: string): Promise<JoinChannel | undefined> {
    const replies = (await redis.multi().get(key).del(key).exec()) ?? []
    const [err, value] = replies[0] ?? [null, null]
    if (err) throw err
    if (typeof value !== 'string') return undefined
    if (isJoinChannel(value)) return value
    onBad(key, `not a join channel: ${value.slice(0, 60)}`)
    return undefined
  }
  return {
    mark: (roomId: string, contactId: string, channel: JoinChannel) => write(keys.joinChannel(roomId, contactId), channel, ttlMsOf('joinChannel')),
    /** the mark, removed; undefined when there is none (or it is not a channel we write) */
    take: (roomId: string, contactId: string) => takeKey(keys.joinChannel(roomId, contactId)),
    /**
     * A first member of a group being created: WeChat reports its join (the bot as inviter)
     * before the create action answers with the room id, so the mark goes by the topic.
     */
    markNewRoom: (topic: string, contactId: string, channel: JoinChannel) => write(newRoomKey(topic, contactId), channel, ttlMsOf('joinChannelNew')),
    takeNewRoom: (topic: string, contactId: string) => takeKey(newRoomKey(topic, contactId)),
  }
}

/** The join channel of an application's `keyword:<kw>` or `code:<code>` (a code's own text stays out of reports). */
export function channelOfEntry(entryChannel: string): JoinChannel {
  if (entryChannel.startsWith('code:')) return 'code'
  return isJoinChannel(entryChannel) ? entryChannel : 'unknown'
}

export type EntryChannels = ReturnType<typeof createEntryChannels>
