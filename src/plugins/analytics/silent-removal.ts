import { roleAllows } from '../../core/commands/hq-role'
import { silentMembers, type SilentMember } from '../../core/analytics'
import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import type { BroadcastRecord } from '../../store/broadcast-store'
import { formatDuration, formatSilentList, splitForWeChat } from '../../texts'
import { activityMessages } from './texts'
import type { OutboundJobData, Outcome } from '../../outbound/outbound-queue'
import { jobIdPart } from '../../queue/job-id'
import type { ActivityStore } from '../../store/activity-store'
import type { PlannedMember, SilentPlan as Plan } from '../../store/silent-plans'
import { loadViews, targetGroups } from './reports'
import { silentCommand } from './silent-command'

/**
 * `#潜水 [target] [days]`: the members silent that long, per group. For an operator the
 * list is also a removal plan that waits for a yes.
 *
 * Design: the plan *is* a broadcast awaiting confirmation — a notice to each group that
 * names its silent members — saved under a `B<n>` id. So `#确认 B7`, `#取消 B7`, `#进度`,
 * the confirmation window, quiet hours and exactly-once delivery are the broadcasts' own,
 * with no new command words. Each group's removals are queued only when its notice has
 * been delivered (none where it failed), and only for members still in the group who have
 * not spoken since the list was made. The removals carry ids `B7-rm-<room>-<member>`; when
 * every group is done, HQ gets one summary.
 */
export function createSilentRemoval(ctx: AppContext, store: ActivityStore) {
  const plans = ctx.stores.silentPlans
  const log = ctx.logger.child({ part: 'silent-removal' })

  ctx.commands.register(silentCommand, async (call) => {
    const config = ctx.config()
    const days = call.command.days ?? config.analytics.silentDays
    const { groups, unknown } = await targetGroups(ctx, call)
    if (!groups.length) return call.reply(activityMessages.noGroups(unknown))
    const now = ctx.now()
    const views = await loadViews(ctx, store, groups)
    const lists = views.map((v) => ({ view: v, silent: silentMembers(v.members, now, days, v.exempt) }))
    const text = formatSilentList(
      lists.map((l) => ({ topic: l.view.group.topic, silent: l.silent, memberCount: l.view.members.length })),
      days,
    )
    for (const piece of splitForWeChat(text)) await call.reply(piece)

    // viewers see the list; operators may also turn it into a removal plan
    if (!call.role || !roleAllows(call.role, 'operator')) return
    const withSilent = lists.filter((l) => l.silent.length)
    const removable = withSilent.filter((l) => l.view.group.botIsOwner || l.view.group.botIsAdmin)
    const cannot = withSilent.filter((l) => !removable.includes(l))
    if (!removable.length) {
      if (cannot.length) await call.reply(activityMessages.silentPlanCannotRemove(cannot.map((l) => l.view.group.topic)))
      return
    }
    const plan: Plan = {
      days,
      listedAt: now,
      rooms: Object.fromEntries(
        removable.map((l) => [l.view.group.roomId, l.silent.map((s: SilentMember) => ({ id: s.member.id, name: s.member.name }))]),
      ),
    }
    const total = removable.reduce((n, l) => n + l.silent.length, 0)
    const outbound = config.outbound
    const perSend = outbound.minIntervalMs + outbound.jitterMs / 2
    const record: BroadcastRecord = {
      id: await ctx.broadcasts.store.nextId(),
      by: call.message.fromId,
      hqRoom: call.roomId,
      content: { kind: 'text', text: activityMessages.silentNoticeGeneral(days) },
      rooms: removable.map((l) => ({
        roomId: l.view.group.roomId,
        topic: l.view.group.topic,
        text: activityMessages.silentNotice(days, l.silent.map((s) => s.member.name)),
      })),
      status: 'awaiting',
      createdAt: now,
      expiresAt: now + config.hq.confirmTtlMs,
      estimateMs: (removable.length + total) * perSend,
    }
    // the plan first: a confirmation must never find a notice without its plan
    await plans.save(record.id, plan)
    await ctx.broadcasts.store.save(record)
    log.info({ plan: record.id, groups: removable.length, members: total, days, day: dayKey(now, config.timezone) }, 'silent-member plan made')
    await call.reply(activityMessages.silentPlan(record.id, removable.length, total, formatDuration(config.hq.confirmTtlMs)))
    if (cannot.length) await call.reply(activityMessages.silentPlanCannotRemove(cannot.map((l) => l.view.group.topic)))
  })

  /** A group's notice was delivered: queue removals of those still silent and still there. */
  async function removeAfterNotice(id: string, plan: Plan, roomId: string, planned: PlannedMember[]): Promise<void> {
    const present = new Set((await ctx.view.members(roomId)).map((m) => m.id))
    const activity = await store.read(roomId, dayKey(ctx.now(), ctx.config().timezone), 1)
    const go = planned.filter((p) => {
      const last = activity.members.get(p.id)?.lastMessageAt
      return present.has(p.id) && (last === undefined || last <= plan.listedAt)
    })
    await plans.noticeDelivered(id, go.length, planned.length - go.length)
    for (const p of go) {
      await ctx.act({ type: 'remove', roomId, contactId: p.id }, 'moderation', { jobId: `${id}-rm-${jobIdPart(roomId)}-${jobIdPart(p.id)}` })
    }
  }

  async function finishIfDone(id: string, plan: Plan): Promise<void> {
    const { roomsDone, expected, removed, failed, spared, skippedRooms: skipped } = await plans.tally(id)
    if (roomsDone < Object.keys(plan.rooms).length || removed + failed < expected) return
    if (!(await plans.finish(id))) return
    const failedNames = await plans.failedNames(id)
    const record = await ctx.broadcasts.store.get(id)
    const text = activityMessages.silentDone(id, removed, spared, failedNames, skipped)
    if (record) await ctx.hq.sayIn(record.hqRoom, text, `${id}-silent-done`)
    log.info({ plan: id, removed, failed, spared, skipped }, 'silent-member plan done')
  }

  async function onOutcome(jobId: string, data: OutboundJobData, outcome: Outcome): Promise<void> {
    const delivered = outcome.status === 'sent' || (outcome.status === 'skipped' && outcome.why === 'already sent')
    if (data.broadcastId && data.action.type === 'say') {
      const id = data.broadcastId
      const plan = await plans.get(id)
      const planned = plan?.rooms[data.action.to]
      if (!plan || !planned) return
      if (delivered) await removeAfterNotice(id, plan, data.action.to, planned)
      else await plans.count(id, 'skippedRooms')
      await plans.count(id, 'roomsDone')
      return finishIfDone(id, plan)
    }
    const removal = /^(B\d+)-rm-/.exec(jobId)
    if (!removal?.[1] || data.action.type !== 'remove') return
    const id = removal[1]
    const plan = await plans.get(id)
    if (!plan) return
    if (delivered) {
      await plans.count(id, 'removed')
    } else {
      const contactId = data.action.contactId
      const name = plan.rooms[data.action.roomId]?.find((p) => p.id === contactId)?.name ?? contactId
      await plans.removalFailed(id, data.action.roomId, contactId, name)
    }
    return finishIfDone(id, plan)
  }

  return { onOutcome }
}
