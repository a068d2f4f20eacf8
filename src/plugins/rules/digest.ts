import { SPAM_RULES, type Verdict } from '../../core/rules'
import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { createHqDigest } from '../../queue/hq-digest'
import { rulesDigestMessages, type RuleDigestItemView } from '../../texts/rules-digest'
import type { GroupScope } from './group-scope'

/** control job name part: the digest's job is `digest-rules` */
export const RULES_DIGEST = 'rules'

/**
 * Verdict kinds that are an offence of the member's (counted per rule): not a blacklist (it
 * follows a removal), a watch-word alert (nothing the member did wrong) or a reminder (a
 * nickname or intro nudge, not yet an offence: a nickname warning counts).
 */
const OFFENCE_KINDS: ReadonlySet<Verdict['kind']> = new Set<Verdict['kind']>(['warn', 'remove', 'report', 'review'])

/**
 * HQ hears it once (issue 20 items 8 and 9): the warnings the spam rules give (each with
 * its case id), exempt members' offences (counted, never acted on) and, under
 * `rules.dryRun`, the warnings that would have been given, go into one HQ message per
 * `rules.digestMs` (a control-queue delayed job, `queue/hq-digest.ts`), counted per group and
 * rule. Removals are reported one by one as before (`rule-actions.ts`). Every offence is
 * also counted per room, day and rule (`stores.offences`) for `#报告` and the console.
 */
export function createRulesDigest(ctx: AppContext) {
  const digest = createHqDigest<RuleDigestItemView>({
    name: RULES_DIGEST,
    control: ctx.control,
    lists: ctx.stores.digests,
    windowMs: () => ctx.config().rules.digestMs,
    now: ctx.now,
    render: rulesDigestMessages.digest,
    send: (text, jobId) => ctx.hq.say(text, jobId),
  })
  const today = () => dayKey(ctx.now(), ctx.config().timezone)

  const item = (scope: GroupScope, v: Verdict, kind: RuleDigestItemView['kind']): RuleDigestItemView => ({
    kind,
    rule: v.rule,
    groupLabel: scope.label,
    memberId: v.memberId,
    memberName: v.memberName,
    reason: v.reason,
    ...(v.evidence ? { evidence: v.evidence } : {}),
    ...(v.text ? { text: v.text } : {}),
    ...(v.caseId ? { caseId: v.caseId } : {}),
    ...(v.strikes !== undefined ? { strikes: v.strikes } : {}),
  })

  return {
    /** a spam warning given live, filed as a case (`v.caseId`) */
    async warning(scope: GroupScope, v: Verdict): Promise<void> {
      if (v.caseId) await digest.add(item(scope, v, 'warning'), v.caseId)
    },
    /** a spam warning the rules would give, were the group not in dry-run; `key` names it (a job id part) */
    async dry(scope: GroupScope, v: Verdict, key: string): Promise<void> {
      await digest.add(item(scope, v, 'dry'), key)
    },
    /**
     * An exempt member's offence: counted for `#报告` and the console, listed in the digest,
     * never acted on. `v` is the verdict the rules would have given anyone else; `key` names it.
     */
    async counted(scope: GroupScope, v: Verdict, key: string): Promise<void> {
      await ctx.stores.offences.count(scope.roomId, today(), v.rule, true)
      const exemptAs = scope.exemption(v.memberId)
      await digest.add({ ...item(scope, v, 'counted'), ...(exemptAs ? { exemptAs } : {}) }, key)
    },
    /** counts the offences among one event's verdicts, per rule (a message's one step counts once) */
    async countOffences(scope: GroupScope, verdicts: readonly Verdict[]): Promise<void> {
      const day = today()
      for (const v of verdicts) if (OFFENCE_KINDS.has(v.kind)) await ctx.stores.offences.count(scope.roomId, day, v.rule)
    },
    /** the verdict goes to the digest rather than its own HQ line: a spam warning */
    digested: (v: Verdict) => v.kind === 'warn' && SPAM_RULES.has(v.rule),
  }
}

export type RulesDigest = ReturnType<typeof createRulesDigest>
