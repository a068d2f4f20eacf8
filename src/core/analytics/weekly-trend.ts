import { dayRange } from './day-math'
import type { GroupDay } from './types'

export interface WeekTotals {
  messages: number
  /** daily active members summed over the week (member-days); ÷ 7 is the daily average */
  activeMemberDays: number
}

export interface WeeklyTrend {
  thisWeek: WeekTotals
  previousWeek: WeekTotals
  /** percent change of messages; 0 when both weeks are 0, undefined when only last week was 0 (no base) */
  messagesChangePct: number | undefined
  /** percent change of daily active members, same rules */
  activeChangePct: number | undefined
}

/** Percent change from `before` to `after`; undefined when there is nothing to compare with. */
export function percentChange(before: number, after: number): number | undefined {
  if (before === 0) return after === 0 ? 0 : undefined
  return ((after - before) / before) * 100
}

/**
 * This week (the 7 days ending with `today`, inclusive) against the 7 days before.
 * Days not in `days` count as 0; entries for the same day add up. A report made in the
 * morning sees a short "today": pass yesterday's key to compare whole days only.
 */
export function weeklyTrend(days: readonly GroupDay[], today: string): WeeklyTrend {
  const byDay = new Map<string, WeekTotals>()
  for (const d of days) {
    const t = byDay.get(d.day) ?? { messages: 0, activeMemberDays: 0 }
    t.messages += d.messages
    t.activeMemberDays += d.activeMembers
    byDay.set(d.day, t)
  }
  const total = (keys: string[]): WeekTotals =>
    keys.reduce(
      (sum, k) => {
        const t = byDay.get(k)
        return t
          ? { messages: sum.messages + t.messages, activeMemberDays: sum.activeMemberDays + t.activeMemberDays }
          : sum
      },
      { messages: 0, activeMemberDays: 0 },
    )
  const fortnight = dayRange(today, 14)
  const previousWeek = total(fortnight.slice(0, 7))
  const thisWeek = total(fortnight.slice(7))
  return {
    thisWeek,
    previousWeek,
    messagesChangePct: percentChange(previousWeek.messages, thisWeek.messages),
    activeChangePct: percentChange(previousWeek.activeMemberDays, thisWeek.activeMemberDays),
  }
}
