import { isUserError } from '../core/user-error'
import type { MessageMiddleware } from '../feature'
import { hqMessages } from '../texts'
import { redisOutageKind } from '../store/redis-errors'

/**
 * The outermost middleware. A handler that throws is logged with the message (room, member,
 * message id); an HQ or leader command that throws is answered — a `UserError` with its text,
 * anything else with the short internal-error reply — so an operator never meets silence.
 * A Redis outage is passed on: the event hold keeps the message and replays it once Redis
 * takes writes again (src/wechat/event-hold.ts), which a reply could not reach anyway.
 */
export const errorBoundary: MessageMiddleware = async (ctx, next) => {
  try {
    await next()
  } catch (err) {
    if (redisOutageKind(err)) throw err
    if (isUserError(err) && ctx.command) {
      ctx.log.info({ command: ctx.command, reason: err.message }, 'command refused')
      return ctx.reply(err.message)
    }
    ctx.log.error({ err, command: ctx.command }, 'message handling failed')
    if (ctx.command) await ctx.reply(hqMessages.internalError)
  }
}
