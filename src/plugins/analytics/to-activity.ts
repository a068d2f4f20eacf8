/**
 * Stored records → the plain shapes of `core/analytics`. Pure: the caller passes today's
 * day key, the current members and the nickname policy.
 */
import { DAY_MS, dayRange, type GroupDay, type Link, type MemberActivity } from '../../core/analytics'
import { checkNickname, type NicknamePolicy } from '../../core/rules/nickname'
import { shownName } from '../../core/rules/shown-name'
import type { MemberInfo } from '../../core/types'
import type { GroupActivity } from '../../store/activity-store'

export interface ToActivityOptions {
  /** `YYYY-MM-DD` of now, in the configured zone */
  today: string
  nickname: NicknamePolicy
  /** epoch ms of now, and `analytics.points.inviteHoldDays`: an invite counts once its invitee stayed that long */
  now: number
  inviteHoldDays: number
}

/**
 * Invitees who stayed, per inviter's member number: joined, and still in the group (or left
 * after) `holdDays` later. Computed from join and leave times at report time, so an invitee
 * who leaves within the hold takes the points back (the fraud: friends invited who leave at
 * once). Invitees whose record is gone (left long ago) no longer count.
 */
export function heldInvites(activity: GroupActivity, now: number, holdDays: number): Map<number, number> {
  const hold = holdDays * DAY_MS
  const held = new Map<number, number>()
  for (const r of activity.members.values()) {
    if (r.inviterIdx === undefined || r.joinedAt === undefined || r.inviterIdx === r.idx) continue
    const stayedUntil = r.leftAt !== undefined && r.leftAt >= r.joinedAt ? r.leftAt : now
    if (stayedUntil - r.joinedAt < hold) continue
    held.set(r.inviterIdx, (held.get(r.inviterIdx) ?? 0) + 1)
  }
  return held
}

/**
 * One `MemberActivity` per current member. A member with no join on record counts from
 * when the bot began watching the group (`since`): "silent for N days" then means "not a
 * word in the N days we have seen", never a guess about the time before.
 */
export function toMemberActivities(activity: GroupActivity, current: readonly MemberInfo[], opts: ToActivityOptions): MemberActivity[] {
  const week = new Set(dayRange(opts.today, 7))
  const month = new Set(dayRange(opts.today, 30))
  const held = heldInvites(activity, opts.now, opts.inviteHoldDays)
  return current.map((info) => {
    const r = activity.members.get(info.id)
    const dailyMessages: Record<string, number> = {}
    let messages30d = 0
    let activeDays7 = 0
    if (r) {
      for (const d of activity.days) {
        const n = d.byMember.get(r.idx)
        if (!n) continue
        dailyMessages[d.day] = n
        if (month.has(d.day)) messages30d += n
        if (week.has(d.day)) activeDays7 += 1
      }
    }
    const joinedAt = r?.joinedAt ?? activity.since
    return {
      id: info.id,
      name: shownName(info),
      ...(r?.lastMessageAt !== undefined ? { lastMessageAt: r.lastMessageAt } : {}),
      ...(joinedAt !== undefined ? { joinedAt } : {}),
      messages30d,
      activeDays7,
      introduced: r?.introduced ?? false,
      nicknameOk: checkNickname(info, opts.nickname).ok,
      invites: r ? (held.get(r.idx) ?? 0) : 0,
      mentionedCount: r?.mentioned ?? 0,
      dailyMessages,
    }
  })
}

export function toGroupDays(activity: GroupActivity): GroupDay[] {
  return activity.days.map((d) => ({
    day: d.day,
    messages: d.messages,
    activeMembers: d.byMember.size,
    joins: d.joins,
    leaves: d.leaves,
    channels: d.channels,
  }))
}

export function toLinks(activity: GroupActivity): Link[] {
  const links: Link[] = []
  for (const [x, y] of activity.links) {
    const a = activity.ids.get(x)
    const b = activity.ids.get(y)
    if (a !== undefined && b !== undefined) links.push({ a, b })
  }
  return links
}

/** Who invited whom, as contact ids (members whose inviter is on record). */
export function invitations(activity: GroupActivity): Array<{ memberId: string; inviterId: string }> {
  const out: Array<{ memberId: string; inviterId: string }> = []
  for (const [memberId, r] of activity.members) {
    const inviterId = r.inviterIdx === undefined ? undefined : activity.ids.get(r.inviterIdx)
    if (inviterId !== undefined) out.push({ memberId, inviterId })
  }
  return out
}

/** The same member in several groups, as one (for a board over many groups). */
export function mergeMembers(lists: ReadonlyArray<readonly MemberActivity[]>): MemberActivity[] {
  const byId = new Map<string, MemberActivity>()
  for (const list of lists) {
    for (const m of list) {
      const seen = byId.get(m.id)
      if (!seen) {
        byId.set(m.id, { ...m, dailyMessages: { ...(m.dailyMessages ?? {}) } })
        continue
      }
      const daily = seen.dailyMessages ?? {}
      for (const [day, n] of Object.entries(m.dailyMessages ?? {})) daily[day] = (daily[day] ?? 0) + n
      const last = Math.max(seen.lastMessageAt ?? -Infinity, m.lastMessageAt ?? -Infinity)
      byId.set(m.id, {
        ...seen,
        ...(Number.isFinite(last) ? { lastMessageAt: last } : {}),
        messages30d: seen.messages30d + m.messages30d,
        activeDays7: Math.max(seen.activeDays7, m.activeDays7),
        introduced: seen.introduced || m.introduced,
        nicknameOk: seen.nicknameOk && m.nicknameOk,
        invites: seen.invites + m.invites,
        mentionedCount: seen.mentionedCount + m.mentionedCount,
        dailyMessages: daily,
      })
    }
  }
  return [...byId.values()]
}
