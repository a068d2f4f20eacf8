/**
 * The SOP engine, pure (no clock, no Redis): a timeline's dated plan from its day 0, and
 * what to do with a step at an instant. Tested alone in test/unit/sop-engine.test.ts.
 */
import type { SopStep, SopTimeline } from '../../config/schema'
import { localTime } from '../../core/time-window'

export interface PlannedStep {
  /** the step's identity in the state: its day and time, and day 0 (`d3-2000@2026-12-01`) */
  key: string
  index: number
  step: SopStep
  /** the local date it falls on (YYYY-MM-DD) */
  date: string
  /** the instant it is due (ms) */
  dueAt: number
}

/** `2026-12-01` + 3 → `2026-12-04` (calendar days; no zone involved) */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** whole calendar days from `a` to `b` */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/** the instant of local `date` `HH:MM` in the time zone */
export function zonedInstant(date: string, hhmm: string, timeZone: string): number {
  const wanted = Date.parse(`${date}T${hhmm}:00Z`)
  let guess = wanted
  // two corrections settle any fixed or DST offset
  for (let i = 0; i < 3; i++) {
    const t = localTime(guess, timeZone)
    const shown = Date.parse(`${t.date}T00:00:00Z`) + t.minutes * 60_000
    if (shown === wanted) break
    guess += wanted - shown
  }
  return guess
}

export function stepKey(step: Pick<SopStep, 'day' | 'at'>, anchorDay: string): string {
  return `d${step.day}-${step.at.replace(':', '')}@${anchorDay}`
}

/** The dated plan of a timeline from day 0 (a group's, or a join day), in time order. */
export function planOf(timeline: Pick<SopTimeline, 'steps'>, anchorDay: string, timeZone: string): PlannedStep[] {
  return timeline.steps
    .map((step, index) => {
      const date = addDays(anchorDay, step.day)
      return { key: stepKey(step, anchorDay), index, step, date, dueAt: zonedInstant(date, step.at, timeZone) }
    })
    .sort((a, b) => a.dueAt - b.dueAt || a.index - b.index)
}

export type StepDecision = 'wait' | 'send' | 'late'

/** A step not yet handled, at `now`: not due yet, due (sent now), or due more than `lateHours` ago (skipped, counted). */
export function decide(dueAt: number, now: number, lateHours: number): StepDecision {
  if (now < dueAt) return 'wait'
  return now - dueAt > lateHours * 3_600_000 ? 'late' : 'send'
}

/** The steps of a plan that have no state yet, split by what to do with them at `now`. */
export function dueSteps(plan: readonly PlannedStep[], handled: ReadonlySet<string>, now: number, lateHours: number): Record<StepDecision, PlannedStep[]> {
  const out: Record<StepDecision, PlannedStep[]> = { wait: [], send: [], late: [] }
  for (const p of plan) if (!handled.has(p.key)) out[decide(p.dueAt, now, lateHours)].push(p)
  return out
}

/** @-mentions split in batches of `max` (as welcomes are) */
export function mentionBatches(ids: readonly string[], max: number): string[][] {
  const out: string[][] = []
  for (let i = 0; i < ids.length; i += Math.max(1, max)) out.push(ids.slice(i, i + Math.max(1, max)))
  return out
}
