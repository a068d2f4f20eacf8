import type { Logger } from 'pino'
import type { WechatyInterface } from 'wechaty/impls'
import type { GroupInfo, InboundMessage, MemberInfo } from '../core/types'
import type { ActionResult, OutboundAction } from '../outbound/actions'
import { performAction } from './perform-action'
import { toInbound, type ToInboundOptions } from './to-inbound'

export interface JoinEvent {
  roomId: string
  memberIds: string[]
  inviterId: string
  at: number
}
export interface LeaveEvent {
  roomId: string
  memberIds: string[]
  removerId: string
  at: number
}
export interface TopicEvent {
  roomId: string
  topic: string
  oldTopic: string
  at: number
}
export interface FriendRequest {
  friendshipId: string
  contactId: string
  hello: string
}

/** What the bot does with WeChat's events, as plain data. */
export interface BotHandlers {
  onMessage(m: InboundMessage): Promise<void>
  onJoin(e: JoinEvent): Promise<void>
  onLeave(e: LeaveEvent): Promise<void>
  onTopic(e: TopicEvent): Promise<void>
  onFriendRequest(e: FriendRequest): Promise<void>
  onLogin(selfId: string): Promise<void>
  onLogout(): Promise<void>
}

/** Read-only questions about WeChat's state (actions go through the outbound queue). */
export interface WechatView {
  selfId(): string | undefined
  isLoggedIn(): boolean
  listGroups(): Promise<GroupInfo[]>
  group(roomId: string): Promise<GroupInfo | undefined>
  members(roomId: string): Promise<MemberInfo[]>
  /**
   * The current member ids alone, from the same list `members` syncs (the puppet's), without
   * loading each contact: for counts over many groups (the console's groups table).
   */
  memberIds(roomId: string): Promise<string[]>
  contactName(id: string): Promise<string | undefined>
}

export interface WechatAdapter extends WechatView {
  /** carries out one action; `create-room` answers with the new room's id */
  perform(action: OutboundAction): Promise<void | ActionResult>
  /** event handlers still running: the scenario runner's "settle" waits for 0 */
  pending(): number
  /**
   * Events Wechaty has handed over so far, by kind (`error` counts the events it could not
   * load): the simulator compares them with what its puppet emitted to see events in transit.
   */
  received(): Readonly<Record<string, number>>
}

/**
 * The only code that touches Wechaty: subscribes to its events, turns them into plain
 * data once, and carries out actions for the outbound worker.
 */
export function createWechatAdapter(deps: {
  bot: WechatyInterface
  logger: Logger
  handlers: BotHandlers
  now: () => number
  inbound?: ToInboundOptions
}): WechatAdapter {
  const { bot, logger, handlers, now } = deps
  let inFlight = 0
  const received: Record<string, number> = {}
  for (const kind of ['message', 'room-join', 'room-leave', 'room-topic', 'friendship', 'login', 'logout', 'error'] as const) {
    bot.on(kind, () => void (received[kind] = (received[kind] ?? 0) + 1))
  }
  const run = (what: string, fn: () => Promise<void>, ctx: Record<string, unknown> = {}) => {
    inFlight++
    fn()
      .catch((err: Error) => logger.error({ err, ...ctx }, '%s failed', what))
      .finally(() => inFlight--)
  }

  bot.on('message', (message) => {
    if (message.self()) return
    run(
      'message handling',
      async () => handlers.onMessage(await toInbound(message, deps.inbound)),
      { messageId: message.id, room: message.room()?.id },
    )
  })
  bot.on('room-join', (room, invitees, inviter) =>
    run('join handling', () => handlers.onJoin({ roomId: room.id, memberIds: invitees.map((c) => c.id), inviterId: inviter.id, at: now() }), { room: room.id }),
  )
  bot.on('room-leave', (room, leavers, remover) =>
    run('leave handling', () => handlers.onLeave({ roomId: room.id, memberIds: leavers.map((c) => c.id), removerId: remover?.id ?? '', at: now() }), { room: room.id }),
  )
  bot.on('room-topic', (room, topic, oldTopic) =>
    run('topic handling', () => handlers.onTopic({ roomId: room.id, topic, oldTopic, at: now() }), { room: room.id }),
  )
  bot.on('friendship', (friendship) =>
    run('friend request handling', async () => {
      if (friendship.type() !== bot.Friendship.Type.Receive) return
      await handlers.onFriendRequest({ friendshipId: friendship.id, contactId: friendship.contact().id, hello: friendship.hello() })
    }),
  )
  bot.on('login', (user) => {
    logger.info({ self: user.id, name: user.name() }, 'logged in')
    run('login handling', () => handlers.onLogin(user.id))
  })
  bot.on('logout', (user, reason) => {
    logger.info({ self: user.id, reason }, 'logged out')
    run('logout handling', () => handlers.onLogout())
  })
  bot.on('error', (err) => {
    // Wechaty treats a RoomMember "dirty" id (a room id) as a contact id and reports
    // that it cannot find it; the member cache is refreshed anyway. Known upstream bug.
    if (/no such contact: .*@chatroom|no payload found for id .*@chatroom/.test(err.message)) {
      logger.debug({ err: err.message }, 'wechaty: stale member cache notice')
      return
    }
    logger.error({ err }, 'wechaty error')
  })

  const groupInfo = async (roomId: string): Promise<GroupInfo | undefined> => {
    const room = await bot.Room.find({ id: roomId })
    if (!room) return undefined
    const self = bot.isLoggedIn ? bot.currentUser.id : ''
    const payload = room.payload
    const ownerId = payload?.ownerId
    const adminIds = payload?.adminIdList ?? []
    return {
      roomId: room.id,
      topic: await room.topic(),
      memberCount: payload?.memberIdList.length ?? (await room.memberAll()).length,
      botIsOwner: ownerId === self,
      botIsAdmin: adminIds.includes(self),
      ownerId,
      adminIds,
    }
  }

  return {
    perform: (action) => performAction(bot, action),
    pending: () => inFlight,
    received: () => received,
    selfId: () => (bot.isLoggedIn ? bot.currentUser.id : undefined),
    isLoggedIn: () => bot.isLoggedIn,
    async listGroups() {
      const rooms = await bot.Room.findAll()
      const infos = await Promise.all(rooms.map((r) => groupInfo(r.id)))
      return infos.filter((g): g is GroupInfo => !!g)
    },
    group: groupInfo,
    async members(roomId) {
      const room = await bot.Room.find({ id: roomId })
      if (!room) return []
      await room.sync()
      const members = await room.memberAll()
      return Promise.all(
        members.map(async (c) => ({ id: c.id, name: c.name(), alias: (await room.alias(c).catch(() => undefined)) ?? undefined })),
      )
    },
    async memberIds(roomId) {
      try {
        return await bot.puppet.roomMemberList(roomId)
      } catch (err) {
        // as `members` answers for a room WeChat cannot find (Wechaty reports it and gives
        // none): logged, and an empty list, which the callers take as "WeChat could not tell"
        logger.warn({ err, room: roomId }, 'member list unavailable')
        return []
      }
    },
    async contactName(id) {
      const c = await bot.Contact.find({ id })
      return c?.name()
    },
  }
}
