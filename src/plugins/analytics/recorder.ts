import type { Config, GroupEntry } from '../../config/schema'
import { isManaged } from '../../core/groups'
import { effectivePolicy } from '../../core/rules/effective-policy'
import { isIntro } from '../../core/rules/intro'
import { shownName } from '../../core/rules/shown-name'
import type { InboundMessage } from '../../core/types'
import type { AppContext } from '../../feature'
import type { JoinEvent, LeaveEvent } from '../../wechat/adapter'
import type { ActivityStore } from '../../store/activity-store'
import { quotedName } from './quoted-name'

/** Recent speakers per room by shown name, to resolve quote-replies; bounded, in memory. */
const RECENT_NAMES = 50_000

// keyed by config identity: a reload brings a new object, so nothing goes stale
const entryMaps = new WeakMap<Config, Map<string, GroupEntry>>()

/** The config entry of a room, without a scan of the list per message. */
function entryOf(config: Config, roomId: string): GroupEntry | undefined {
  let entries = entryMaps.get(config)
  if (!entries) {
    entries = new Map(config.groups.list.map((g) => [g.room, g]))
    entryMaps.set(config, entries)
  }
  return entries.get(roomId)
}

/**
 * Keeps activity records as events arrive, in managed groups only: one script call per
 * message, join or leave. Never acts and never consumes a message.
 */
export function createRecorder(ctx: AppContext, store: ActivityStore) {
  const channels = ctx.stores.entryChannels
  const recent = new Map<string, string>()
  const remember = (roomId: string, name: string, id: string) => {
    if (!name) return
    const key = `${roomId}\u0000${name}`
    recent.delete(key)
    recent.set(key, id)
    if (recent.size > RECENT_NAMES) recent.delete(recent.keys().next().value as string)
  }

  return {
    async onMessage(m: InboundMessage): Promise<void> {
      const roomId = m.roomId
      if (!roomId) return
      const config = ctx.config()
      if (!isManaged(config, roomId)) return
      const self = ctx.view.selfId()
      const skip = (id: string) => id === m.fromId || id === self
      const mentions = [...new Set(m.mentionIds)].filter((id) => !skip(id))
      const replyTo: string[] = []
      const quoted = m.kind === 'text' ? quotedName(m.text) : undefined
      if (quoted !== undefined) {
        const id = recent.get(`${roomId}\u0000${quoted}`)
        if (id !== undefined && !skip(id) && !mentions.includes(id)) replyTo.push(id)
      }
      remember(roomId, shownName({ name: m.fromName, alias: m.fromAlias }), m.fromId)
      const policy = effectivePolicy(config.rules, entryOf(config, roomId)?.rules)
      await store.recordMessage({
        roomId,
        memberId: m.fromId,
        at: m.timestamp || ctx.now(),
        introduced: m.kind === 'text' && isIntro(m.body ?? m.text, policy.intro),
        mentions,
        replyTo,
      })
    },

    async onJoin(e: JoinEvent): Promise<void> {
      if (!isManaged(ctx.config(), e.roomId)) return
      const self = ctx.view.selfId()
      const joined = e.memberIds.filter((id) => id !== self && id !== e.inviterId)
      await store.recordJoin(e.roomId, joined, e.inviterId, e.at)
      // who brought whom: a member's invite, or the channel the entry gate marked for the bot's
      const counts = new Map<string, number>()
      let topic: string | undefined
      // the first members of a group the gate created are marked by its topic (its id was unknown)
      const newRoomMark = async (id: string) => {
        topic ??= (await ctx.view.group(e.roomId))?.topic ?? ''
        return topic ? channels.takeNewRoom(topic, id) : undefined
      }
      for (const id of joined) {
        const channel = !e.inviterId
          ? 'unknown'
          : e.inviterId !== self
            ? 'member'
            : ((await channels.take(e.roomId, id)) ?? (await newRoomMark(id)) ?? 'unknown')
        counts.set(channel, (counts.get(channel) ?? 0) + 1)
      }
      await store.recordJoinChannels(e.roomId, e.at, counts)
    },

    async onLeave(e: LeaveEvent): Promise<void> {
      if (!isManaged(ctx.config(), e.roomId)) return
      await store.recordLeave(e.roomId, e.memberIds, e.at)
    },

    /** every managed group is watched from now on (kept when already set) */
    async onLogin(): Promise<void> {
      const groups = await ctx.groups()
      await store.markWatched(groups.map((g) => g.roomId), ctx.now())
    },
  }
}

export type Recorder = ReturnType<typeof createRecorder>
