import { resolveTarget } from '../../core/targets'
import { localTime } from '../../core/time-window'
import { schedulesSection } from '../../config/sections/schedules'
import { definePlugin, type PluginContext } from '../../plugin'
import { formatLocalTime, limitMessages, shownTarget, scheduleMessages, type ScheduleRow } from '../../texts'
import { followConfig } from '../../config/follow-config'
import type { ScheduleRecord } from './schedule-record'
import { createSchedules, TICK, type Schedules } from './schedules'
import { scheduleCommand, schedulesCommand, unscheduleCommand } from './schedule-commands'

/** config schedules first (by id), then HQ's by number */
function listOrder(a: ScheduleRecord, b: ScheduleRecord): number {
  if (a.source !== b.source) return a.source === 'config' ? -1 : 1
  if (a.source === 'hq') return Number(a.id.slice(1)) - Number(b.id.slice(1))
  return a.id.localeCompare(b.id)
}

/**
 * #定时 #定时列表 #删除定时, and the config's `schedules`. Returns the schedules, whose `sync`
 * applies the config in force (a test calls it to see what a reload changes).
 */
export function applySchedules(ctx: PluginContext): Schedules {
  const schedules = createSchedules(ctx)
  const follower = followConfig(ctx, 'schedules', async () => {
    await schedules.sync()
  })

  ctx.control.on(TICK, async (data, job) => {
    follower.check()
    await schedules.tick(data, job)
  })

  ctx.commands.register(scheduleCommand, async (call) => {
    const { when, target, text } = call.command
    const max = ctx.config().outbound.maxTextLength
    if (text.length > max) return call.reply(limitMessages.textTooLong(limitMessages.scheduleText, text.length, max))
    const { groups, unknown } = resolveTarget(target, await ctx.groups())
    if (!groups.length) return call.reply(scheduleMessages.noGroups(shownTarget(target), unknown))
    const tz = ctx.config().timezone
    const record: ScheduleRecord = {
      id: await schedules.store.nextHqId(),
      source: 'hq',
      when,
      target,
      text,
      timeZone: tz,
      by: call.message.fromId,
      hqRoom: call.roomId,
      createdAt: ctx.now(),
    }
    await schedules.apply(record)
    const next = await schedules.nextRun(record)
    return call.reply(
      scheduleMessages.created(record.id, when.description, shownTarget(target), groups.length, next === undefined ? undefined : formatLocalTime(localTime(next, tz))),
    )
  })

  ctx.commands.register(schedulesCommand, async (call) => {
    const records = (await schedules.store.all()).filter((r) => !r.done).sort(listOrder)
    if (!records.length) return call.reply(scheduleMessages.listEmpty)
    const tz = ctx.config().timezone
    const runs = await schedules.nextRuns()
    const rows: ScheduleRow[] = []
    for (const r of records) {
      const next = await schedules.nextRun(r, runs)
      rows.push({
        id: r.id,
        fromConfig: r.source === 'config',
        when: r.when.description,
        target: shownTarget(r.target),
        text: r.text,
        next: next === undefined ? undefined : formatLocalTime(localTime(next, tz)),
      })
    }
    return call.reply(scheduleMessages.list(rows))
  })

  ctx.commands.register(unscheduleCommand, async (call) => {
    const record = await schedules.store.get('hq', call.command.id)
    if (!record) return call.reply(scheduleMessages.unknown(call.command.id))
    await schedules.remove(record)
    return call.reply(scheduleMessages.removed(record.id, record.when.description, shownTarget(record.target)))
  })

  ctx.on('configReload', () => follower.now())
  ctx.on('login', async () => {
    // a schedule problem must not keep the other plugins from starting
    await follower.now().catch((err: Error) => ctx.logger.error({ err }, 'schedules: sync failed'))
  })
  ctx.middleware(async (_c, next) => {
    follower.check()
    await next()
  })
  return schedules
}

/** Timed notices, `#定时`; owns `schedules:`. */
export const schedulePlugin = definePlugin({ name: 'schedules', Config: schedulesSection, apply: (ctx) => void applySchedules(ctx) })
