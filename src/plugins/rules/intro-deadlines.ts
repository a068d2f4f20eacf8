import { introCheckTimes, introVerdict } from '../../core/rules'
import type { AppContext } from '../../feature'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'
import type { RuleActions } from './rule-actions'

export const INTRO_CHECK = 'intro-check'

type Stage = 'remind' | 'deadline'

/**
 * Self-introductions: each newcomer gets two delayed control jobs (BullMQ, so they survive
 * restarts), a reminder at half the deadline and the configured action at the deadline.
 * Job ids carry room, member and join time, and so do the outbound jobs they create:
 * a re-run (a retry, a restart mid-job) never acts twice. An introduction seen in between
 * (`rules-feature` marks it) cancels both by making them no-ops.
 */
export function createIntroDeadlines(ctx: AppContext, actions: RuleActions) {
  const { records } = actions.stores

  ctx.control.on(INTRO_CHECK, async (data) => {
    const roomId = String(data.roomId)
    const memberId = String(data.memberId)
    const joinedAt = Number(data.joinedAt)
    const stage = data.stage === 'remind' ? 'remind' : 'deadline'
    const scope = await scopeOf(ctx, roomId)
    if (!scope || !scope.policy.intro.enabled || scope.exempt(memberId)) return
    const rec = await records.get(roomId, memberId)
    if (rec.joinedAt !== joinedAt || rec.introducedAt !== undefined) return
    const member = (await ctx.view.members(roomId)).find((m) => m.id === memberId)
    if (!member) return
    const { remindAt, deadlineAt } = introCheckTimes(joinedAt, scope.policy.intro)
    // a reminder that comes too late (the bot was down) leaves it to the deadline job
    if (stage === 'remind' && ctx.now() >= deadlineAt) return
    const now = Math.max(ctx.now(), stage === 'remind' ? remindAt : deadlineAt)
    const v = introVerdict({ member, roomId, joinedAt, introducedAt: undefined, now, policy: scope.policy })
    if (!v) return
    if (stage === 'deadline') await records.markIntroMissed(roomId, memberId, ctx.now())
    await actions.carryOut(scope, [v], `intro-${stage}-${roomId}-${memberId}-${joinedAt}`)
  })

  return {
    async schedule(scope: GroupScope, memberId: string, joinedAt: number): Promise<void> {
      const intro = scope.policy.intro
      if (!intro.enabled) return
      const times = introCheckTimes(joinedAt, intro)
      for (const [stage, at] of [['remind', times.remindAt], ['deadline', times.deadlineAt]] as [Stage, number][]) {
        await ctx.control.add(
          INTRO_CHECK,
          { roomId: scope.roomId, memberId, joinedAt, stage },
          { jobId: jobIdPart(`intro-${stage}-${scope.roomId}-${memberId}-${joinedAt}`), delayMs: Math.max(1, at - ctx.now()) },
        )
      }
    },
  }
}
