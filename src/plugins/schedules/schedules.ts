import { createHash } from 'node:crypto'
import type { Job } from 'bullmq'
import { resolveTarget } from '../../core/targets'
import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { limitMessages, mediaMessages, shownTarget, scheduleMessages } from '../../texts'
import { ensureJobScheduler, fireTimeOf, schedulerNextRuns } from '../../queue/job-schedulers'
import {
  fromConfigEntry,
  onceJobId,
  scheduleSignature,
  schedulerId,
  type ScheduleRecord,
  type ScheduleSource,
} from './schedule-record'

/** The control job a schedule's timer makes. */
export const TICK = 'schedule-tick'

export interface SyncResult {
  added: string[]
  changed: string[]
  removed: string[]
  refused: string[]
}

/**
 * Scheduled broadcasts on BullMQ job schedulers (cron in the configured zone) or one
 * delayed job (once). A tick only *creates* a broadcast, and only once per fire time:
 * the tick's claim holds the broadcast id, so a duplicate tick finds it and does nothing,
 * and the broadcast's own deterministic delivery ids and send ledger do the rest
 * (exactly once, quiet hours, the final report).
 */
export function createSchedules(ctx: AppContext) {
  const store = ctx.stores.schedules
  const queue = ctx.control.queue
  const log = ctx.logger.child({ part: 'schedules' })

  async function unapply(old: ScheduleRecord, next?: ScheduleRecord): Promise<void> {
    if (old.when.kind === 'cron' && next?.when.kind !== 'cron') await queue.removeJobScheduler(schedulerId(old))
    if (old.when.kind === 'once' && !(next?.when.kind === 'once' && next.when.at === old.when.at)) {
      await ctx.control.remove(onceJobId(old, old.when.at))
    }
  }

  /**
   * Saves `r` and sets its timer (replacing `old`'s). Cheap when nothing changed. The
   * record goes first: a record without a timer is mended by the next sync, while a timer
   * without a record would be taken for an orphan.
   */
  async function apply(r: ScheduleRecord, old?: ScheduleRecord): Promise<void> {
    await store.put(r)
    if (old) await unapply(old, r)
    const data = { source: r.source, id: r.id }
    if (r.when.kind === 'cron') {
      const changed = await ensureJobScheduler(queue, schedulerId(r), { pattern: r.when.pattern, tz: r.timeZone }, { name: TICK, data })
      if (changed) log.info({ schedule: r.id, source: r.source, pattern: r.when.pattern, tz: r.timeZone }, 'scheduler set')
    } else if (!r.done) {
      // a kept job id absorbs the add when the job is already there; a lost one that is
      // due (the bot was down at its time) runs now, late rather than never
      await ctx.control.add(TICK, { ...data, at: r.when.at }, { jobId: onceJobId(r, r.when.at), delayMs: Math.max(0, r.when.at - ctx.now()) })
    }
  }

  /** The record goes first: a tick that finds no record does nothing, and sync clears the timer. */
  async function remove(r: ScheduleRecord): Promise<void> {
    await store.remove(r)
    await unapply(r)
  }

  async function nextRuns(): Promise<Map<string, number | undefined>> {
    return schedulerNextRuns(queue, 'sched-')
  }

  async function nextRun(r: ScheduleRecord, runs?: Map<string, number | undefined>): Promise<number | undefined> {
    if (r.when.kind === 'once') return r.done ? undefined : r.when.at
    return (runs ?? (await nextRuns())).get(schedulerId(r))
  }

  /** Schedules and timers made to match the config: created, changed, removed; HQ's kept. */
  async function sync(): Promise<SyncResult> {
    const config = ctx.config()
    const tz = config.timezone
    const now = ctx.now()
    const result: SyncResult = { added: [], changed: [], removed: [], refused: [] }
    const stored = await store.all()
    const oldConfig = new Map(stored.filter((r) => r.source === 'config').map((r) => [r.id, r]))
    // the config's schedules that stay: applied, or a once-only one that has run
    const kept: ScheduleRecord[] = []

    for (const entry of config.schedules) {
      const old = oldConfig.get(entry.id)
      const parsed = fromConfigEntry(entry, tz, now)
      if (!parsed.ok) {
        // a once-only schedule that has run: its time is past, and that is no mistake
        const ever = fromConfigEntry(entry, tz, -Infinity)
        if (old?.done && ever.ok && scheduleSignature(ever.record) === scheduleSignature(old)) {
          kept.push(old)
          continue
        }
        result.refused.push(entry.id)
        const hash = createHash('sha1').update(JSON.stringify([entry, parsed.reason])).digest('hex').slice(0, 10)
        log.warn({ schedule: entry.id, reason: parsed.reason }, 'config schedule refused')
        await ctx.hq.say(scheduleMessages.configRefused(entry.id, parsed.reason), `sched-refused-${entry.id}-${hash}`)
        continue
      }
      const same = old !== undefined && scheduleSignature(old) === scheduleSignature(parsed.record)
      const record = same && old ? old : parsed.record
      if (!old) result.added.push(entry.id)
      else if (!same) result.changed.push(entry.id)
      await apply(record, old)
      kept.push(record)
    }

    const wanted = new Set(kept.map((r) => r.id))
    for (const old of oldConfig.values()) {
      if (wanted.has(old.id)) continue
      await remove(old)
      result.removed.push(old.id)
    }

    // HQ schedules keep their timers, in the zone in force
    for (const r of stored.filter((s) => s.source === 'hq')) {
      const next = r.when.kind === 'cron' && r.timeZone !== tz ? { ...r, timeZone: tz } : r
      await apply(next, r)
    }

    // a timer no record explains (a crash between the two writes) would fire for nothing;
    // read afresh, so a #定时 made during this sync is not taken for one
    const known = new Set((await store.all()).filter((r) => r.when.kind === 'cron').map(schedulerId))
    for (const id of (await nextRuns()).keys()) {
      if (!known.has(id)) await queue.removeJobScheduler(id)
    }
    if (result.added.length || result.changed.length || result.removed.length) log.info(result, 'schedules synced with the config')
    return result
  }

  /** One tick: creates the broadcast of this fire time, once. */
  async function tick(data: Record<string, unknown>, job: Job): Promise<void> {
    const source = data.source as ScheduleSource
    const r = await store.get(source, String(data.id))
    if (!r || r.done) return
    const at = typeof data.at === 'number' ? data.at : fireTimeOf(job)
    if (r.when.kind === 'once' && r.when.at !== at) return // a job of an earlier version of this schedule
    const config = ctx.config()
    const hqRoom = r.hqRoom ?? config.hq.rooms[0]
    if (!hqRoom) {
      log.warn({ schedule: r.id }, 'no HQ room to report to: scheduled broadcast skipped')
      return
    }
    const owner = await store.claimTick(r, at, await ctx.broadcasts.store.nextId())
    const existing = await ctx.broadcasts.store.get(owner)
    if (!existing) {
      const { groups } = resolveTarget(r.target, await ctx.groups())
      if (!groups.length) {
        // told once a day, however often the schedule runs
        const day = dayKey(at, config.timezone)
        await ctx.hq.say(scheduleMessages.tickNoGroups(r.id, shownTarget(r.target)), `${schedulerId(r)}-empty-${day}`)
      } else {
        const result = await ctx.broadcasts.create({
          by: r.by ?? schedulerId(r),
          hqRoom,
          content: { kind: 'text', text: r.text },
          groups,
          scheduleId: r.id,
          skipConfirm: true,
          id: owner,
        })
        if (result.kind === 'too-long') {
          const day = dayKey(at, config.timezone)
          await ctx.hq.say(limitMessages.textTooLong(limitMessages.scheduleFilledText(r.id), result.length, result.max), `${schedulerId(r)}-long-${day}`)
        }
        if (result.kind === 'no-media') {
          const day = dayKey(at, config.timezone)
          await ctx.hq.say(mediaMessages.scheduleUnknown(r.id, result.id), `${schedulerId(r)}-media-${day}`)
        }
        log.info({ schedule: r.id, at, broadcast: owner, groups: groups.length, result: result.kind }, 'schedule fired')
      }
    } else if (existing.status === 'awaiting') {
      // saved but not started when the last run of this tick stopped: start it now
      await ctx.broadcasts.confirm(owner)
    }
    if (r.when.kind === 'once') {
      if (r.source === 'hq') await store.remove(r)
      else await store.put({ ...r, done: true })
    }
  }

  return { store, apply, remove, sync, tick, nextRun, nextRuns }
}

export type Schedules = ReturnType<typeof createSchedules>
