import { checkNickname, nicknameVerdict, type Verdict } from '../../core/rules'
import type { MemberInfo } from '../../core/types'
import type { AppContext } from '../../feature'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'
import type { RuleActions } from './rule-actions'

export const NICKNAME_CHECK = 'nickname-check'
export const NICKNAME_SWEEP = 'nickname-sweep'

/** Never remind (or sweep) more often than this, even with `graceMs: 0`. */
const MIN_EVERY_MS = 1000
/** Under `action: remind | warn` the sweep gives up after this many notices (messages still remind). */
export const SWEEP_NOTICES_MAX = 3

/**
 * How often one member may be told about their nickname, and how often a group's sweep
 * runs: `nickname.graceMs`, at least a second. One number, so "grace before the first
 * reminder" and "time to fix it before the next" read the same to members.
 */
export function nicknameEveryMs(graceMs: number): number {
  return Math.max(MIN_EVERY_MS, graceMs)
}

/**
 * Nicknames, checked three ways, because WeChat sends no event when someone changes their
 * group nickname:
 * 1. on join: a control job `graceMs` after the join checks the newcomer;
 * 2. on the member's messages (`rules-feature`), rate-limited to one notice per `graceMs`;
 * 3. a per-group sweep (`nickname-sweep-<room>-<slot>`, every `graceMs`) that looks again at
 *    members already told: whoever fixed their nickname is dropped (and never reminded
 *    again), the others escalate per `nickname.action`. The sweep runs only while someone
 *    is pending, and under `remind` / `warn` gives up after `SWEEP_NOTICES_MAX` notices,
 *    so a member who never speaks is not reminded for ever.
 * Members who were in a group before the bot get no sweep of their own: they are reminded
 * when they speak (a first deployment must not @ hundreds of people at once).
 */
export function createNicknameChecks(ctx: AppContext, actions: RuleActions) {
  const { records, strikes } = actions.stores

  async function ensureSweep(roomId: string, everyMs: number): Promise<void> {
    const slot = Math.floor((ctx.now() + everyMs) / everyMs)
    const delayMs = Math.max(1, slot * everyMs - ctx.now())
    await ctx.control.add(NICKNAME_SWEEP, { roomId }, { jobId: jobIdPart(`${NICKNAME_SWEEP}-${roomId}-${slot}`), delayMs })
  }

  /** Bookkeeping after a nickname verdict was given (carried out or, in dry-run, reported). */
  async function noticed(scope: GroupScope, v: Verdict): Promise<void> {
    await strikes.addNickname(scope.roomId, v.memberId, scope.dryRun)
    await records.nicknameReminded(scope.roomId, v.memberId, ctx.now())
    if (v.kind === 'remove') {
      await records.removeNicknamePending(scope.roomId, v.memberId)
    } else {
      await records.addNicknamePending(scope.roomId, v.memberId)
      await ensureSweep(scope.roomId, nicknameEveryMs(scope.policy.nickname.graceMs))
    }
  }

  const entryProfiles = ctx.stores.entryApps

  /**
   * The group's policy, with the nickname example the entry gate suggested to this member
   * when they came in through it into this group (docs/entry.md) and it fits the pattern:
   * the reminder then repeats the welcome's 「上海-王小丫-设计」, not the group's generic example.
   */
  async function policyFor(scope: GroupScope, memberId: string): Promise<GroupScope['policy']> {
    const profile = await entryProfiles.profile(memberId)
    const suggested = profile?.roomId === scope.roomId ? profile.nickname : undefined
    if (!suggested || !checkNickname({ name: suggested, alias: undefined }, scope.policy.nickname).ok) return scope.policy
    return { ...scope.policy, nickname: { ...scope.policy.nickname, example: suggested } }
  }

  /** The nickname verdict for one member now, carried out; undefined when the nickname fits. */
  async function check(scope: GroupScope, member: MemberInfo, joinedAt: number | undefined, cause: string): Promise<Verdict | undefined> {
    const nickname = scope.policy.nickname
    const now = Math.max(ctx.now(), joinedAt === undefined ? 0 : joinedAt + nickname.graceMs)
    const v = nicknameVerdict({
      member,
      roomId: scope.roomId,
      policy: await policyFor(scope, member.id),
      strikes: await strikes.nickname(scope.roomId, member.id, scope.dryRun),
      now,
      joinedAt,
    })
    if (!v) return undefined
    await actions.carryOut(scope, [v], cause)
    await noticed(scope, v)
    return v
  }

  ctx.control.on(NICKNAME_CHECK, async (data) => {
    const roomId = String(data.roomId)
    const memberId = String(data.memberId)
    const joinedAt = Number(data.joinedAt)
    const scope = await scopeOf(ctx, roomId)
    if (!scope || !scope.policy.nickname.enabled || scope.exempt(memberId)) return
    const rec = await records.get(roomId, memberId)
    if (rec.joinedAt !== joinedAt) return // left and came back: that join has its own check
    const member = (await ctx.view.members(roomId)).find((m) => m.id === memberId)
    if (!member) return
    await check(scope, member, joinedAt, `nick-join-${roomId}-${memberId}-${joinedAt}`)
  })

  ctx.control.on(NICKNAME_SWEEP, async (data, job) => {
    const roomId = String(data.roomId)
    const pending = await records.nicknamePending(roomId)
    if (pending.length === 0) return
    const scope = await scopeOf(ctx, roomId)
    if (!scope || !scope.policy.nickname.enabled) {
      for (const id of pending) await records.removeNicknamePending(roomId, id)
      return
    }
    const everyMs = nicknameEveryMs(scope.policy.nickname.graceMs)
    const members = new Map((await ctx.view.members(roomId)).map((m) => [m.id, m]))
    for (const id of pending) {
      const member = members.get(id)
      if (!member || scope.exempt(id)) {
        await records.removeNicknamePending(roomId, id)
        continue
      }
      if (checkNickname(member, scope.policy.nickname).ok) {
        // fixed: never reminded again, and a later slip starts over with a reminder
        await records.removeNicknamePending(roomId, id)
        await records.clearNicknameReminded(roomId, id)
        await strikes.clearNickname(roomId, id)
        continue
      }
      const notices = await strikes.nickname(roomId, id, scope.dryRun)
      if (scope.policy.nickname.action !== 'remove' && notices >= SWEEP_NOTICES_MAX) {
        await records.removeNicknamePending(roomId, id)
        continue
      }
      const rec = await records.get(roomId, id)
      // a little slack: a sweep due exactly `everyMs` after the last notice may fire a moment early
      if (rec.nickRemindedAt !== undefined && ctx.now() - rec.nickRemindedAt < everyMs * 0.9) continue
      await check(scope, member, rec.joinedAt, `nick-sweep-${job.id ?? ''}-${id}`)
    }
    if ((await records.nicknamePending(roomId)).length > 0) await ensureSweep(roomId, everyMs)
  })

  return {
    noticed,
    /** schedules the newcomer's check for when the grace period ends */
    async scheduleJoinCheck(scope: GroupScope, memberId: string, joinedAt: number): Promise<void> {
      if (!scope.policy.nickname.enabled) return
      const graceMs = scope.policy.nickname.graceMs
      await ctx.control.add(
        NICKNAME_CHECK,
        { roomId: scope.roomId, memberId, joinedAt },
        { jobId: jobIdPart(`${NICKNAME_CHECK}-${scope.roomId}-${memberId}-${joinedAt}`), delayMs: Math.max(1, joinedAt + graceMs - ctx.now()) },
      )
    },
    /** whether a message may carry a nickname check now (rate limit: one notice per `graceMs`) */
    async mayRemindOnMessage(scope: GroupScope, memberId: string): Promise<{ joinedAt: number | undefined } | undefined> {
      const rec = await records.get(scope.roomId, memberId)
      const everyMs = nicknameEveryMs(scope.policy.nickname.graceMs)
      if (rec.nickRemindedAt !== undefined && ctx.now() - rec.nickRemindedAt < everyMs) return undefined
      return { joinedAt: rec.joinedAt }
    },
    async onLeave(roomId: string, memberId: string): Promise<void> {
      await records.removeNicknamePending(roomId, memberId)
    },
  }
}

export type NicknameChecks = ReturnType<typeof createNicknameChecks>
