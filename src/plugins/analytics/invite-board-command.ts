import { inviteBoard } from '../../core/analytics'
import type { AppContext } from '../../feature'
import { formatInviteBoard, splitForWeChat } from '../../texts'
import type { ActivityStore } from '../../store/activity-store'
import { rankedScope } from './reports'
import { commandDescriptions, commandUsages } from '../../texts'
import { defineCommand } from '../../core/commands/command-spec'
import { optionalTarget } from '../../core/commands/parse-args'

export const invitesCommand = defineCommand({
  name: '邀请榜',
  alias: 'invites',
  role: 'viewer',
  usage: commandUsages.invites,
  description: commandDescriptions.invites,
  parse: optionalTarget,
})

/** `#邀请榜 [目标]`: members ranked by the people they brought in who stayed `inviteHoldDays`. */
export function registerInviteBoard(ctx: AppContext, store: ActivityStore): void {
  ctx.commands.register(invitesCommand, async (call) => {
    const ranked = await rankedScope(ctx, store, call)
    if (!ranked) return
    const text = formatInviteBoard(ranked.scope, inviteBoard(ranked.members), ctx.config().analytics.points.inviteHoldDays)
    for (const piece of splitForWeChat(text)) await call.reply(piece)
  })
}
