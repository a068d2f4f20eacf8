/**
 * A scheduled broadcast as QunHQ keeps it, from the config (`schedules:`) or from HQ
 * (`#定时`). Pure: turning a config entry into a record, and the ids derived from it.
 */
import type { ScheduleEntry } from '../../config/schema'
import { parseTarget } from '../../core/commands/parse-target'
import { parseWhen } from '../../core/commands/parse-when'
import { formatTarget } from '../../texts'
import type { ScheduleRecord } from '../../store/schedule-store'

export type { ScheduleRecord, ScheduleSource } from '../../store/schedule-store'

/** BullMQ ids: no ':' (config ids are letters, digits, - and _; HQ ids are S<n>). */
export function schedulerId(r: Pick<ScheduleRecord, 'source' | 'id'>): string {
  return `sched-${r.source}-${r.id}`
}

export function onceJobId(r: Pick<ScheduleRecord, 'source' | 'id'>, at: number): string {
  return `${schedulerId(r)}-at-${at}`
}

/** What decides when and where a schedule sends and what: a change of any of it is a change. */
export function scheduleSignature(r: Pick<ScheduleRecord, 'when' | 'target' | 'text' | 'timeZone'>): string {
  const when = r.when.kind === 'cron' ? `cron ${r.when.pattern}` : `once ${r.when.at}`
  return JSON.stringify([when, formatTarget(r.target), r.text, r.timeZone])
}

export type ConfigSchedule = { ok: true; record: ScheduleRecord } | { ok: false; id: string; reason: string }

/** A config entry as a record, or why it cannot be used (the caller adds the usage). */
export function fromConfigEntry(entry: ScheduleEntry, timeZone: string, now: number): ConfigSchedule {
  const when = parseWhen(entry.when, timeZone, now)
  if (when.kind === 'error') return { ok: false, id: entry.id, reason: when.message }
  const target = parseTarget(entry.target)
  if ('problem' in target) return { ok: false, id: entry.id, reason: target.problem }
  return {
    ok: true,
    record: { id: entry.id, source: 'config', when, target, text: entry.text, timeZone, createdAt: now },
  }
}
