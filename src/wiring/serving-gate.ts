import type { Fleet } from '../accounts/fleet'
import type { BotHandlers } from '../wechat/adapter'

/**
 * Several accounts in one room each hear its events; only the room's serving account
 * handles them (issue 11): a member's message seen by three accounts is acted on once,
 * an HQ command answered once. Private chats, friend requests, login and logout are the
 * account's own.
 */
export function servingGate(fleet: Fleet, handlers: BotHandlers): BotHandlers {
  return {
    ...handlers,
    async onMessage(m) {
      if (await fleet.handlesMessage(m.roomId, m.id)) await handlers.onMessage(m)
    },
    async onJoin(e) {
      if (await fleet.handles(e.roomId)) await handlers.onJoin(e)
    },
    async onLeave(e) {
      if (await fleet.handles(e.roomId)) await handlers.onLeave(e)
    },
    async onTopic(e) {
      if (await fleet.handles(e.roomId)) await handlers.onTopic(e)
    },
  }
}
