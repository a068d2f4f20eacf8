import { inviteBoard } from '../core/analytics'
import type { AppContext } from '../feature'
import { formatInviteBoard, splitForWeChat } from '../messages'
import type { ActivityStore } from '../store/activity-store'
import { rankedScope } from './reports'

/** `#邀请榜 [目标]`: members ranked by the people they brought in who stayed `inviteHoldDays`. */
export function registerInviteBoard(ctx: AppContext, store: ActivityStore): void {
  ctx.commands.register('invites', async (call) => {
    const ranked = await rankedScope(ctx, store, call)
    if (!ranked) return
    const text = formatInviteBoard(ranked.scope, inviteBoard(ranked.members), ctx.config().analytics.points.inviteHoldDays)
    for (const piece of splitForWeChat(text)) await call.reply(piece)
  })
}
