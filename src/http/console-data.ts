import { cleanShown } from '../texts/shown-text'
import { dayRange } from '../core/analytics'
import { dayKey, localTime } from '../core/time-window'
import type { ManagedGroup } from '../core/groups'
import type { AppContext } from '../feature'
import { consoleMessages as m, decayLevelTexts, formatLocalTime, mediaMessages, shownTarget } from '../texts'
import type { Redis } from 'ioredis'
import type { ActivityStore } from '../store/activity-store'
import type { Keys } from '../store/keys'
import { loadGroupCounts, type GroupCounts } from '../plugins/analytics/group-view'
import type { GroupDay } from '../core/analytics'
import type { BroadcastContent, BroadcastCounts, BroadcastRecord } from '../store/broadcast-store'
import type { CaseDecision, ModerationCase } from '../store/moderation-cases'
import { createSchedules } from '../plugins/schedules/schedules'
import type { DataTable } from './table'

/** The console's own reads of Redis (it is an edge, like the WeChat adapter). */
export interface RedisKeys {
  redis: Redis
  keys: Keys
}

/** How many of the newest broadcasts and cases the console lists. */
export const LIST_NEWEST = 100

const pct = (x: number) => Math.round(x * 1000) / 10

/**
 * Every group's counts, `VIEW_CONCURRENCY` at a time: one group after another, a page of
 * 1,000 groups spent its time waiting on Redis in turn (bench/console-groups.ts).
 */
export const VIEW_CONCURRENCY = 32

async function loadAll(ctx: AppContext, store: ActivityStore, groups: readonly ManagedGroup[], at: { now: number; today: string }): Promise<GroupCounts[]> {
  const out: GroupCounts[] = new Array(groups.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < groups.length; i = next++) out[i] = await loadGroupCounts(ctx, store, groups[i]!, at)
  }
  await Promise.all(Array.from({ length: Math.min(VIEW_CONCURRENCY, groups.length) }, worker))
  return out
}

/** The last 30 days of one group ending `today`, oldest first, zero where nothing was recorded. */
export function last30(days: readonly GroupDay[], today: string): { day: string; messages: number; joins: number; leaves: number }[] {
  const byDay = new Map(days.map((d) => [d.day, d]))
  return dayRange(today, 30).map((day) => {
    const d = byDay.get(day)
    return { day, messages: d?.messages ?? 0, joins: d?.joins ?? 0, leaves: d?.leaves ?? 0 }
  })
}

/**
 * Every managed group with the activity numbers of its report (src/plugins/analytics: the same
 * `activityNumbers` as `#报告`), plus the last 30 days of messages for the sparkline. Member
 * ids only: names are on a group's own page.
 */
export interface GroupsTable {
  table: DataTable
  counts: GroupCounts[]
  spark: number[][]
}

export async function groupsTable(ctx: AppContext, store: ActivityStore, r: RedisKeys & { account: string }): Promise<GroupsTable> {
  const now = ctx.now()
  const today = dayKey(now, ctx.config().timezone)
  const counts = await loadAll(ctx, store, await ctx.groups(), { now, today })
  // the serving account of each room (issue 11: several accounts), read as it stands, never claimed
  const serving = await r.redis.hgetall(r.keys.serving())
  const spark = counts.map((v) => last30(v.days, today).map((d) => d.messages))
  const c = m.groupsCols
  return {
    counts,
    spark,
    table: {
      name: 'groups',
      title: m.nav.groups,
      columns: [
        { key: 'name', label: c.name },
        { key: 'key', label: c.key },
        { key: 'members', label: c.members, numeric: true },
        { key: 'active1', label: c.d1, numeric: true },
        { key: 'active7', label: c.d7, numeric: true },
        { key: 'active30', label: c.d30, numeric: true },
        { key: 'links', label: c.links, numeric: true },
        { key: 'decay', label: c.decay },
        { key: 'tags', label: c.tags },
        { key: 'account', label: c.account },
        { key: 'trend', label: c.trend, numeric: true },
      ],
      rows: counts.map((v, i) => ({
        roomId: v.group.roomId,
        name: cleanShown(v.group.topic),
        key: v.group.key ?? '',
        members: v.numbers.memberCount,
        active1: v.numbers.active1,
        active7: v.numbers.active7,
        active30: v.numbers.active30,
        links: pct(v.numbers.linkDensity),
        decay: decayLevelTexts[v.numbers.decay.level],
        tags: v.group.tags.map(cleanShown).join(','),
        account: serving[v.group.roomId] ?? r.account,
        trend: (spark[i] ?? []).reduce((a, b) => a + b, 0),
      })),
    },
  }
}

/** Ids `<letter>1…<letter>n`, newest first, the last `LIST_NEWEST` of a sequence. */
async function newestIds(r: RedisKeys, kind: string, letter: string): Promise<string[]> {
  const n = Number(await r.redis.get(r.keys.seq(kind))) || 0
  const ids: string[] = []
  for (let i = n; i > 0 && ids.length < LIST_NEWEST; i--) ids.push(`${letter}${i}`)
  return ids
}

export interface BroadcastRow {
  record: BroadcastRecord
  sent: string[]
  failed: string[]
  uncertain: string[]
  done: number
  total: number
  byName: string
}

/**
 * The delivered groups by name, in the broadcast's order. Delivered rooms are recorded by id
 * (`bc:<id>:sent`); a broadcast from before that has counts only: once every room has an
 * outcome and none was skipped, the delivered ones are those neither failed nor uncertain,
 * and before that just the number.
 */
/** what a broadcast sent, in one line of the table */
function broadcastShown(content: BroadcastContent): string {
  if (content.kind === 'forward') return content.description
  if (content.kind === 'media') return mediaMessages.reference(content.id)
  return content.text
}

export function deliveredNames(record: BroadcastRecord, sentIds: readonly string[], notSent: readonly string[], counts: BroadcastCounts): string[] {
  if (sentIds.length > 0 || counts.sent === 0) {
    const sent = new Set(sentIds)
    const known = record.rooms.filter((r) => sent.has(r.roomId))
    const knownIds = new Set(known.map((r) => r.roomId))
    return [...known.map((r) => r.topic), ...sentIds.filter((r) => !knownIds.has(r))]
  }
  const complete = counts.total > 0 && counts.done === counts.total && counts.skipped === 0
  if (!complete) return [String(counts.sent)]
  const out = new Set(notSent)
  return record.rooms.filter((r) => !out.has(r.roomId)).map((r) => r.topic)
}

export async function broadcastsTable(ctx: AppContext, r: RedisKeys): Promise<{ table: DataTable; rows: BroadcastRow[] }> {
  const store = ctx.broadcasts.store
  const rows: BroadcastRow[] = []
  for (const id of await newestIds(r, 'broadcast', 'B')) {
    const record = await store.get(id)
    if (!record) continue
    const topic = new Map(record.rooms.map((r) => [r.roomId, r.topic]))
    const [failedHash, uncertainIds, sentIds, counts] = await Promise.all([store.failedRooms(id), store.uncertainRooms(id), store.sentRooms(id), store.counts(id)])
    const failedIds = Object.keys(failedHash)
    rows.push({
      record,
      sent: deliveredNames(record, sentIds, [...failedIds, ...uncertainIds], counts),
      failed: failedIds.map((r) => topic.get(r) ?? r),
      uncertain: uncertainIds.map((r) => topic.get(r) ?? r),
      done: counts.done,
      total: counts.total,
      byName: record.scheduleId ? `${m.nav.schedules} ${record.scheduleId}` : ((await ctx.view.contactName(record.by)) ?? record.by),
    })
  }
  const c = m.broadcastsCols
  return {
    rows,
    table: {
      name: 'broadcasts',
      title: m.nav.broadcasts,
      columns: [
        { key: 'id', label: c.id },
        { key: 'text', label: c.text },
        { key: 'by', label: c.by },
        { key: 'status', label: c.status },
        { key: 'progress', label: c.progress },
        { key: 'sent', label: c.sent },
        { key: 'failed', label: c.failed },
        { key: 'uncertain', label: c.uncertain },
      ],
      rows: rows.map((r) => ({
        id: r.record.id,
        text: broadcastShown(r.record.content),
        by: cleanShown(r.byName),
        status: m.broadcastStatus[r.record.status] ?? r.record.status,
        progress: `${r.done}/${r.total}`,
        sent: r.sent.map(cleanShown).join('、'),
        failed: r.failed.map(cleanShown).join('、'),
        uncertain: r.uncertain.map(cleanShown).join('、'),
      })),
    },
  }
}

export async function casesTable(ctx: AppContext, r: RedisKeys): Promise<{ table: DataTable; cases: (ModerationCase & { decision?: CaseDecision })[] }> {
  const found: (ModerationCase & { decision?: CaseDecision })[] = []
  for (const id of await newestIds(r, 'case', 'R')) {
    const c = await ctx.stores.cases.get(id)
    if (!c) continue
    const decision = await ctx.stores.cases.decision(id)
    found.push(decision ? { ...c, decision } : c)
  }
  const tz = ctx.config().timezone
  const col = m.casesCols
  return {
    cases: found,
    table: {
      name: 'cases',
      title: m.rules.cases,
      columns: [
        { key: 'id', label: col.id },
        { key: 'kind', label: col.kind },
        { key: 'group', label: col.group },
        { key: 'member', label: col.member },
        { key: 'text', label: col.text },
        { key: 'reason', label: col.reason },
        { key: 'at', label: col.at },
        { key: 'decision', label: col.decision },
      ],
      rows: found.map((c) => ({
        id: c.id,
        kind: m.caseKind[c.kind] ?? c.kind,
        group: cleanShown(c.groupLabel),
        member: cleanShown(c.memberName),
        text: c.text ?? '',
        reason: c.reason,
        at: formatLocalTime(localTime(c.at, tz)),
        decision: c.decision ? m.decided(c.decision.label, c.decision.by) : '',
      })),
    },
  }
}

export async function schedulesTable(ctx: AppContext): Promise<DataTable> {
  const schedules = createSchedules(ctx)
  const records = (await schedules.store.all()).filter((r) => !r.done)
  records.sort((a, b) => (a.source !== b.source ? (a.source === 'config' ? -1 : 1) : a.id.localeCompare(b.id, 'en', { numeric: true })))
  const runs = await schedules.nextRuns()
  const tz = ctx.config().timezone
  const rows: DataTable['rows'] = []
  for (const r of records) {
    const next = await schedules.nextRun(r, runs)
    rows.push({
      id: r.id,
      source: m.scheduleSource[r.source] ?? r.source,
      when: r.when.description,
      target: shownTarget(r.target),
      text: r.text,
      next: next === undefined ? '' : formatLocalTime(localTime(next, tz)),
    })
  }
  const c = m.schedulesCols
  return {
    name: 'schedules',
    title: m.nav.schedules,
    columns: [
      { key: 'id', label: c.id },
      { key: 'source', label: c.source },
      { key: 'when', label: c.when },
      { key: 'target', label: c.target },
      { key: 'text', label: c.text },
      { key: 'next', label: c.next },
    ],
    rows,
  }
}
