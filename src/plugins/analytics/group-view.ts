import { activityNumbers, groupReport, tallyGated, type ActivityNumbers, type GatedTally, type GroupDay, type GroupReport, type MemberActivity } from '../../core/analytics'
import { sameTarget } from '../../core/commands/parse-target'
import type { ManagedGroup } from '../../core/groups'
import { roleHolders } from '../../core/roles'
import { effectivePolicy } from '../../core/rules/effective-policy'
import { isExempt } from '../../core/rules/exemption'
import { dayKey } from '../../core/time-window'
import { dayRange } from '../../core/analytics'
import type { AppContext } from '../../feature'
import type { ActivityStore, GroupActivity } from '../../store/activity-store'
import type { OffenceTally } from '../../store/offence-counts'
import { toGroupDays, toLinks, toMemberActivities } from './to-activity'

/** One group as the analytics commands see it: its report and the members behind it. */
export interface GroupView {
  group: ManagedGroup
  report: GroupReport
  /** current members, without the bot */
  members: MemberActivity[]
  /** owner, admins, leaders, role holders and `rules.exempt` among them */
  exempt: Set<string>
  activity: GroupActivity
  /** the rules' offences in the group in the 7 days ending today, per rule (issue 20 item 9) */
  offences: OffenceTally
}

/**
 * A group's records, brought up to date with its current member ids. A member who left by
 * themselves raises no event in WeChat: whoever is on record but no longer in the member
 * list is recorded as leaving now, so joins and leaves stay true.
 */
async function currentActivity(ctx: AppContext, store: ActivityStore, roomId: string, current: readonly string[], at: { now: number; today: string }): Promise<GroupActivity> {
  const self = ctx.view.selfId()
  let activity = await store.read(roomId, at.today)
  if (activity.since === undefined) {
    // a group new to the bot: nobody's silence is known before now, so nobody is silent yet
    await store.markWatched([roomId], at.now)
    activity = { ...activity, since: at.now }
  }
  const present = new Set(current)
  const gone = [...activity.members]
    .filter(([id, r]) => r.leftAt === undefined && id !== self && !present.has(id))
    .map(([id]) => id)
  // an empty list means WeChat could not tell us (the bot left the group): change nothing
  if (gone.length && current.length) {
    await store.recordLeave(roomId, gone, at.now)
    activity = await store.read(roomId, at.today)
  }
  return activity
}

/** One group as the console's groups table shows it: the activity numbers of its report, and its days. */
export interface GroupCounts {
  group: ManagedGroup
  numbers: ActivityNumbers
  days: GroupDay[]
  /** the rules' offences in the 7 days ending today, per rule */
  offences: OffenceTally
}

/**
 * The numbers of `#报告`'s table row for one group (members, active 1/7/30 days, link
 * density, decay), computed by the same `activityNumbers` as `loadGroupView`'s report, from
 * member ids alone: no contact is loaded, so a page of 1,000 groups stays fast. `at` is the
 * request's instant and local day, computed once for all groups.
 */
export async function loadGroupCounts(ctx: AppContext, store: ActivityStore, group: ManagedGroup, at: { now: number; today: string }): Promise<GroupCounts> {
  const self = ctx.view.selfId()
  const current = (await ctx.view.memberIds(group.roomId)).filter((id) => id !== self)
  const activity = await currentActivity(ctx, store, group.roomId, current, at)
  const days = toGroupDays(activity)
  const members = current.map((id) => {
    const last = activity.members.get(id)?.lastMessageAt
    return last === undefined ? { id } : { id, lastMessageAt: last }
  })
  const offences = await ctx.stores.offences.sum(group.roomId, dayRange(at.today, 7))
  return { group, numbers: activityNumbers({ now: at.now, today: at.today, members, days, links: toLinks(activity) }), days, offences }
}

/** Reads a group's records and its current members from WeChat, and builds its report. */
export async function loadGroupView(ctx: AppContext, store: ActivityStore, group: ManagedGroup): Promise<GroupView> {
  const config = ctx.config()
  const now = ctx.now()
  const today = dayKey(now, config.timezone)
  const self = ctx.view.selfId()
  const current = (await ctx.view.members(group.roomId)).filter((m) => m.id !== self)
  const activity = await currentActivity(ctx, store, group.roomId, current.map((m) => m.id), { now, today })

  const info = await ctx.view.group(group.roomId)
  const policy = effectivePolicy(config.rules, group.entry?.rules)
  const exemptContext = {
    botId: self,
    ownerId: info?.ownerId,
    adminIds: info?.adminIds ?? [],
    leaders: group.leaders,
    roleHolders: roleHolders(config),
    exempt: policy.exempt,
  }
  const exempt = new Set(current.filter((m) => isExempt(m.id, exemptContext)).map((m) => m.id))
  const members = toMemberActivities(activity, current, {
    today,
    nickname: policy.nickname,
    now,
    inviteHoldDays: config.analytics.points.inviteHoldDays,
  })
  const gated = await gatedTally(ctx, group.roomId, current.map((m) => m.id))
  const report = groupReport({
    roomId: group.roomId,
    topic: group.topic,
    now,
    timeZone: config.timezone,
    members,
    days: toGroupDays(activity),
    links: toLinks(activity),
    exempt,
    points: config.analytics.points,
    silentDays: config.analytics.silentDays,
    gated,
  })
  const offences = await ctx.stores.offences.sum(group.roomId, dayRange(today, 7))
  return { group, report, members, exempt, activity, offences }
}

/**
 * The current members who came in through the entry gate into this group (their profile
 * names it), with their answers to their form's choice questions (city, industry): the
 * answers an operator can count. Free answers (a name) stay out of reports.
 */
async function gatedTally(ctx: AppContext, roomId: string, memberIds: readonly string[]): Promise<GatedTally> {
  const profiles = (await ctx.stores.entryApps.profilesOf(memberIds)).filter((p) => p.roomId === roomId)
  const forms = ctx.config().entry.forms
  return tallyGated(
    profiles.map((p) => {
      const form = forms.find((f) => sameTarget(f.target, p.target))
      const choices: Record<string, string> = {}
      for (const q of form?.questions ?? []) {
        const answer = p.answers[q.id]
        if (q.choices && answer !== undefined) choices[q.id] = answer
      }
      return choices
    }),
  )
}
