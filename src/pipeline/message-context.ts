import type { ManagedGroup } from '../core/groups'
import type { InboundMessage } from '../core/types'
import type { AppContext, MessageContext } from '../feature'

/** The context one inbound message travels the middleware chain with. */
export function createMessageContext(app: AppContext, message: InboundMessage): MessageContext {
  const roomId = message.roomId
  const inHq = roomId !== undefined && app.config().hq.rooms.includes(roomId)
  let group: Promise<ManagedGroup | undefined> | undefined
  let log: MessageContext['log'] | undefined
  // deterministic ids: handling the same message twice never answers twice
  const reply = app.hq.reply(roomId ?? message.fromId, `reply-${message.id}`)
  return {
    message,
    inHq,
    group: () =>
      (group ??= inHq || roomId === undefined ? Promise.resolve(undefined) : app.groups().then((gs) => gs.find((g) => g.roomId === roomId))),
    reply,
    act: app.act,
    // a child logger only for the messages that log; `messageId`, as pino's own `msg` is the line's text
    get log() {
      return (log ??= app.logger.child({ room: roomId, member: message.fromId, messageId: message.id }))
    },
  }
}
