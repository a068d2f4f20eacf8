import { inviteBoard } from '../core/analytics'
import type { AppContext } from '../feature'
import { activityMessages, formatInviteBoard, splitForWeChat } from '../messages'
import type { ActivityStore } from '../store/activity-store'
import { loadViews, targetGroups } from './reports'
import { mergeMembers } from './to-activity'

/** `#邀请榜 [目标]`: members ranked by the people they brought in who stayed `inviteHoldDays`. */
export function registerInviteBoard(ctx: AppContext, store: ActivityStore): void {
  ctx.commands.register('invites', async (call) => {
    const { groups, unknown } = await targetGroups(ctx, call)
    const [first] = groups
    if (!first) return call.reply(activityMessages.noGroups(unknown))
    const views = await loadViews(ctx, store, groups)
    const members = mergeMembers(views.map((v) => v.members))
    const scope = groups.length === 1 ? first.topic : activityMessages.groupsScope(groups.length)
    const text = formatInviteBoard(scope, inviteBoard(members), ctx.config().analytics.points.inviteHoldDays)
    for (const piece of splitForWeChat(text)) await call.reply(piece)
  })
}
