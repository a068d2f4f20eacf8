import type { Fleet } from '../accounts/fleet'
import type { InboundMessage } from '../core/types'
import type { BotHandlers } from '../wechat/adapter'

/**
 * Several accounts in one room each hear its events; only the room's serving account
 * handles them (issue 11): a member's message seen by three accounts is acted on once,
 * an HQ command answered once. Private chats, friend requests, login and logout are the
 * account's own. With one account the handlers are called as they are.
 */
export function servingGate(fleet: Fleet, handlers: BotHandlers, selfId: () => string | undefined): BotHandlers {
  // the decision asks Redis; a room's events still reach the handlers in the order they came
  // (an HQ link and the #转发 right after it)
  const tails = new Map<string, Promise<unknown>>()
  function inOrder(key: string, decide: () => Promise<boolean>): Promise<boolean> {
    const decided = (tails.get(key) ?? Promise.resolve()).then(decide)
    const tail = decided.catch(() => undefined)
    tails.set(key, tail)
    void tail.then(() => tails.get(key) === tail && tails.delete(key))
    return decided
  }
  const gate =
    <E extends { roomId: string }>(handle: (e: E) => Promise<void>, first?: (e: E) => Promise<void> | false) =>
    async (e: E): Promise<void> => {
      if (!fleet.enabled()) return handle(e)
      if (first) await first(e)
      if (await inOrder(e.roomId, () => fleet.handles(e.roomId))) await handle(e)
    }
  // messages this process claimed: the event hold replays the very same event (the same
  // object) when Redis failed in the middle of its handling, and the claim it finds then is
  // its own; a message WeChat delivers again is a new object and meets the claim
  const claimed = new WeakSet<InboundMessage>()
  return {
    ...handlers,
    async onMessage(m) {
      if (!fleet.enabled() || !m.roomId) return handlers.onMessage(m)
      const roomId = m.roomId
      const mine = await inOrder(roomId, async () => claimed.has(m) || (await fleet.handlesMessage(roomId, m.id, m.fromId)))
      if (!mine) return
      claimed.add(m)
      await handlers.onMessage(m)
    },
    // the account itself joined or was removed: it is (no longer) a candidate to serve the room
    onJoin: gate(async (e) => handlers.onJoin(e), (e) => e.memberIds.includes(selfId() ?? '') && fleet.serving.inRoom(e.roomId, true)),
    onLeave: gate(async (e) => handlers.onLeave(e), (e) => e.memberIds.includes(selfId() ?? '') && fleet.serving.inRoom(e.roomId, false)),
    onTopic: gate((e) => handlers.onTopic(e)),
  }
}
