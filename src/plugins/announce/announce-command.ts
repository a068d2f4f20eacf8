/**
 * `#群公告 <目标> <内容>` (`/announce`): sets the group announcement in every target group,
 * as a broadcast of announcements: the paced queue, once per group (job `<id>-<room>`),
 * `#确认` above `hq.confirmAbove`, `#进度`, `#取消`, `#重发`, and the final report naming
 * each group that refused (WeChat lets only the owner or an admin announce).
 */
import { defineCommand, type Parsed } from '../../core/commands/command-spec'
import type { CommandCall } from '../../core/commands/command-registry'
import { targetAndText } from '../../core/commands/parse-args'
import { resolveTarget } from '../../core/targets'
import type { AppContext } from '../../feature'
import { hqMessages, limitMessages } from '../../texts'
import { announceTexts } from './texts'

export const announceCommand = defineCommand({
  name: '群公告',
  alias: 'announce',
  role: 'operator',
  usage: announceTexts.usage,
  description: announceTexts.description,
  parse: targetAndText,
})

export function announceHandler(ctx: AppContext): (call: CommandCall<Parsed<typeof announceCommand>>) => Promise<void> {
  return async (call) => {
    const { target, text } = call.command
    const max = ctx.config().outbound.maxTextLength
    // refused before anything is queued: WeChat would cut it in every group
    if (text.length > max) return call.reply(limitMessages.textTooLong(announceTexts.what, text.length, max))
    const { groups, unknown } = resolveTarget(target, await ctx.groups())
    const result = await ctx.broadcasts.create({
      by: call.message.fromId,
      hqRoom: call.roomId,
      content: { kind: 'announce', text },
      groups,
      beforeStart: (r) => call.reply(announceTexts.started(r.id, r.rooms.length, r.estimateMs, unknown)),
    })
    if (result.kind === 'empty') return call.reply(hqMessages.noGroups(unknown))
    if (result.kind === 'too-long') return call.reply(limitMessages.textTooLong(announceTexts.filledWhat, result.length, result.max))
    if (result.kind === 'awaiting') {
      const r = result.record
      return call.reply(announceTexts.awaiting(r.id, r.rooms.length, r.rooms.slice(0, 5).map((x) => x.topic), r.estimateMs, unknown))
    }
  }
}
