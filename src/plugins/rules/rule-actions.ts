import { groupLabel } from '../../core/groups'
import { checkOf, shownName, SPAM_RULES, type Notice, type Verdict } from '../../core/rules'
import type { AppContext } from '../../feature'
import { adsLearningMessages, ruleActionMessages, rulesMessages, type DigestItemView, type RemovalReport } from '../../texts/rules'
import { createHqDigest } from '../../queue/hq-digest'
import type { OutboundJobData, Outcome } from '../../outbound/outbound-queue'
import type { AuditEntry } from '../../store/audit-log'
import type { RemovalRecord } from '../../store/removal-records'
import { createRulesDigest } from './digest'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'

export const BLACKLIST_SWEEP = 'blacklist-sweep'
/** the control job that counts an ad removal nobody contested as a confirmed ad (plugins/rules/confirm-removals.ts) */
export const CONFIRM_REMOVAL = 'confirm-removal'
/** a blacklisted member's texts of this last span are offered to HQ for labelling */
const RECENT_TEXTS_MS = 3_600_000
/** what WeChat answers a removal by a bot that is neither owner nor admin */
const NO_RIGHTS = '群主或管理员才能移出成员'

/** A removal to carry out and report: the report fields plus what to say afterwards. */
export interface RemovalRequest extends Omit<RemovalReport, 'groupLabel' | 'caseId'> {
  /** what the member wrote, when a rule removed them for it (labelled by `#广告` / `#误判`) */
  text?: string
  /** said in the room once the removal went through (no mention: they are gone) */
  notice?: Notice
  /** told (with an @-mention) once a blacklisted member they invited is removed */
  inviterId?: string
  /** `rules` or the contact id of the operator / leader who decided */
  by: string
  /** a spam strike was counted for this removal (ads, cross-group, flood): `#误判` takes it back */
  spamStrike?: boolean
}

/**
 * Carrying verdicts out: every action through the paced outbound queue, every removal
 * reported to HQ only once WeChat has answered (`onOutcome`), so HQ never reads "removed"
 * for a removal that failed. In dry-run nothing happens in the group: HQ gets `[演练]` lines.
 */
export function createRuleActions(ctx: AppContext) {
  const s = ctx.stores
  const stores = { strikes: s.strikes, blacklist: s.blacklist, audit: s.audit, records: s.memberRecords, cases: s.cases, labelled: s.labelled }
  const audit = (entry: Omit<AuditEntry, 'at'>) => stores.audit.record({ at: ctx.now(), ...entry })
  // review items reach HQ batched: one digest per rules.ads.reviewDigestMs
  const digest = createHqDigest<DigestItemView>({
    name: 'ads-review',
    control: ctx.control,
    lists: s.digests,
    windowMs: () => ctx.config().rules.ads.reviewDigestMs,
    now: ctx.now,
    render: adsLearningMessages.digest,
    send: (text, jobId) => ctx.hq.say(text, jobId),
  })
  // warnings, exempt members' offences and dry-run warnings: one digest per rules.digestMs
  const rulesDigest = createRulesDigest(ctx)
  const digestItem = (scope: GroupScope, v: Verdict, kind: DigestItemView['kind'], caseId: string): DigestItemView => ({
    kind,
    caseId,
    groupLabel: scope.label,
    memberId: v.memberId,
    memberName: v.memberName,
    reason: v.reason,
    ...(v.text ? { text: v.text } : {}),
    ...(v.evidence ? { evidence: v.evidence } : {}),
    ...(v.assessment ? { score: v.assessment.score, reasons: v.assessment.reasons } : {}),
  })

  async function removeMember(scope: GroupScope, req: RemovalRequest, jobId: string): Promise<void> {
    const { notice, inviterId, by, text, spamStrike, ...fields } = req
    // every removal gets a case id HQ can answer with #误判 (undo the strike and the ban)
    const filed = await stores.cases.open({
      kind: 'removal',
      roomId: scope.roomId,
      groupLabel: scope.label,
      memberId: req.memberId,
      memberName: req.memberName,
      ...(text ? { text } : {}),
      reason: req.reason,
      strike: spamStrike === true,
      blacklisted: req.blacklisted === true,
      dryRun: false,
      at: ctx.now(),
    })
    // an ad removal nobody contests within confirmAfterHours counts as a confirmed ad
    const confirmAfterHours = scope.policy.ads.confirmAfterHours
    if (text && spamStrike && confirmAfterHours > 0) {
      await ctx.control.add(CONFIRM_REMOVAL, { caseId: filed.id }, { jobId: jobIdPart(`confirm-${filed.id}`), delayMs: Math.round(confirmAfterHours * 3_600_000) })
    }
    const record: RemovalRecord = {
      roomId: scope.roomId,
      report: { ...fields, groupLabel: scope.label, caseId: filed.id },
      by,
      ...(notice ? { notice } : {}),
      ...(inviterId ? { inviterId } : {}),
    }
    const id = jobIdPart(jobId)
    // the record first: the outcome may arrive before `act` returns
    await ctx.stores.removals.put(id, record)
    await ctx.act({ type: 'remove', roomId: scope.roomId, contactId: req.memberId }, 'moderation', { jobId: id })
    await audit({ action: 'remove', roomId: scope.roomId, memberId: req.memberId, by, why: req.reason, ...(req.evidence ? { evidence: req.evidence } : {}), jobId: id })
  }

  /** A review verdict filed as a case: HQ answers it by its id. */
  async function fileReview(scope: GroupScope, v: Verdict): Promise<Verdict> {
    const filed = await stores.cases.open({
      kind: 'review',
      roomId: scope.roomId,
      groupLabel: scope.label,
      memberId: v.memberId,
      memberName: v.memberName,
      ...(v.text ? { text: v.text } : {}),
      reason: v.reason,
      strike: false,
      blacklisted: false,
      dryRun: scope.dryRun,
      at: ctx.now(),
    })
    return { ...v, caseId: filed.id }
  }

  /** A live warning of a spam rule filed as a case: HQ reads it in the rules digest and may take its strike back (#误判). */
  async function fileWarning(scope: GroupScope, v: Verdict): Promise<Verdict> {
    const filed = await stores.cases.open({
      kind: 'warning',
      roomId: scope.roomId,
      groupLabel: scope.label,
      memberId: v.memberId,
      memberName: v.memberName,
      ...(v.text ? { text: v.text } : {}),
      reason: v.reason,
      strike: v.strikes !== undefined,
      blacklisted: false,
      dryRun: false,
      at: ctx.now(),
    })
    return { ...v, caseId: filed.id }
  }

  /** Carries out the verdicts on one event in one group; `cause` makes every job id deterministic. */
  async function carryOut(scope: GroupScope, given: Verdict[], cause: string): Promise<void> {
    if (given.length === 0) return
    for (const v of given) ctx.metrics?.ruleVerdict(v.rule, v.kind)
    const dry = scope.dryRun
    const c = jobIdPart(cause)
    const verdicts: Verdict[] = []
    for (const v of given) {
      if (v.kind === 'review') verdicts.push(await fileReview(scope, v))
      else if (v.kind === 'warn' && SPAM_RULES.has(v.rule) && !dry) verdicts.push(await fileWarning(scope, v))
      else verdicts.push(v)
    }
    for (const v of verdicts) {
      if ((v.kind === 'warn' || v.kind === 'remove') && SPAM_RULES.has(v.rule) && v.strikes !== undefined) {
        await stores.strikes.setSpam(v.memberId, v.strikes, dry)
      }
      // a rule with a count of its own per room (voice)
      const check = checkOf(v.rule)
      if (check && !check.spam && check.counted && v.strikes !== undefined) await stores.strikes.setRule(v.rule, v.roomId, v.memberId, v.strikes, dry)
    }
    await rulesDigest.countOffences(scope, verdicts)
    if (dry) {
      // a spam warning that would be given goes to the digest; the rest reads as before, at once
      for (const [i, v] of verdicts.entries()) if (rulesDigest.digested(v)) await rulesDigest.dry(scope, v, `rules-dry-${c}-${i}`)
      const text = rulesMessages.hqVerdicts(scope.label, verdicts.filter((v) => !rulesDigest.digested(v)), true)
      if (text) await ctx.hq.say(text, `rules-dry-${c}`)
      for (const v of verdicts) {
        await audit({ action: v.kind, roomId: scope.roomId, memberId: v.memberId, by: 'rules', why: v.reason, ...(v.evidence ? { evidence: v.evidence } : {}), dryRun: true })
      }
      return
    }
    const blacklisted = verdicts.some((v) => v.kind === 'blacklist')
    for (const [i, v] of verdicts.entries()) {
      const evidence = v.evidence ? { evidence: v.evidence } : {}
      switch (v.kind) {
        case 'warn':
        case 'remind': {
          if (!v.notice) break
          const jobId = `rules-${v.kind}-${c}-${i}`
          const priority = SPAM_RULES.has(v.rule) ? 'moderation' : 'member'
          await ctx.act({ type: 'say', to: scope.roomId, text: v.notice.text, mentionIds: v.notice.mentionIds }, priority, { jobId })
          await audit({ action: v.kind, roomId: scope.roomId, memberId: v.memberId, by: 'rules', why: v.reason, ...evidence, jobId })
          if (rulesDigest.digested(v)) await rulesDigest.warning(scope, v)
          break
        }
        case 'remove':
          await removeMember(
            scope,
            {
              cause: 'rule',
              memberId: v.memberId,
              memberName: v.memberName,
              reason: v.reason,
              ...evidence,
              blacklisted,
              by: 'rules',
              spamStrike: SPAM_RULES.has(v.rule) && v.strikes !== undefined,
              ...(v.text ? { text: v.text } : {}),
              ...(v.notice ? { notice: v.notice } : {}),
            },
            `rules-rm-${c}`,
          )
          break
        case 'blacklist':
          await addToBlacklist(
            { id: v.memberId, name: v.memberName, reason: v.reason, by: 'rules', at: ctx.now(), roomId: scope.roomId, ...evidence },
            { exceptRoom: scope.roomId, human: false },
          )
          break
        case 'report':
        case 'alert-hq':
        case 'review':
          await audit({ action: v.kind === 'alert-hq' ? 'alert' : v.kind, roomId: scope.roomId, memberId: v.memberId, by: 'rules', why: v.reason, ...evidence })
          if (v.kind === 'review' && v.caseId) await digest.add(digestItem(scope, v, 'review', v.caseId), v.caseId)
          break
      }
    }
    const forHq = verdicts.filter((v) => v.kind === 'report' || v.kind === 'alert-hq')
    const text = forHq.length ? rulesMessages.hqVerdicts(scope.label, forHq, false) : undefined
    if (text) await ctx.hq.say(text, `rules-hq-${c}`)
  }

  /**
   * Adds to the blacklist and removes the member from every other managed group they are
   * in (a control job: scanning every group's members is slow work, and must survive a
   * restart). `human`: an operator decided, so per-group dry-run does not hold it back.
   */
  async function addToBlacklist(
    entry: Parameters<typeof stores.blacklist.add>[0],
    opts: { exceptRoom?: string; human: boolean },
  ): Promise<boolean> {
    const added = await stores.blacklist.add(entry)
    const current = added ? entry : await stores.blacklist.get(entry.id)
    if (!current) return false
    if (added) {
      await audit({ action: 'blacklist', memberId: entry.id, ...(entry.roomId ? { roomId: entry.roomId } : {}), by: entry.by, why: entry.reason, ...(entry.evidence ? { evidence: entry.evidence } : {}) })
    }
    await ctx.control.add(
      BLACKLIST_SWEEP,
      { memberId: entry.id, exceptRoom: opts.exceptRoom ?? '', human: opts.human },
      { jobId: jobIdPart(`blacklist-sweep-${entry.id}-${current.at}-${opts.exceptRoom ?? 'all'}`) },
    )
    if (added) await offerRecentTexts(entry.id, entry.name)
    return added
  }

  /** A newly blacklisted member's texts of the last hour, to HQ as one batch to label (#广告 / #误判 on its case). */
  async function offerRecentTexts(memberId: string, memberName: string): Promise<void> {
    const recent = await s.recentTexts.since(memberId, ctx.now() - RECENT_TEXTS_MS)
    if (recent.length === 0) return
    const groups = await ctx.groups()
    const labelOf = (roomId: string) => {
      const g = groups.find((x) => x.roomId === roomId)
      return g ? groupLabel({ key: g.key, topic: g.topic }) : roomId
    }
    const texts = recent.map((r) => ({ groupLabel: labelOf(r.roomId), text: r.text }))
    const filed = await stores.cases.open({
      kind: 'batch',
      roomId: recent.at(-1)!.roomId,
      groupLabel: texts.at(-1)!.groupLabel,
      memberId,
      memberName,
      texts: recent.map((r) => r.text),
      reason: adsLearningMessages.batchReason,
      strike: false,
      blacklisted: false,
      dryRun: false,
      at: ctx.now(),
    })
    await ctx.hq.say(adsLearningMessages.batch(filed.id, memberName, memberId, texts), jobIdPart(`batch-${filed.id}`))
  }

  ctx.control.on(BLACKLIST_SWEEP, async (data) => {
    const memberId = String(data.memberId)
    const entry = await stores.blacklist.get(memberId)
    if (!entry) return // taken off the list meanwhile
    const groups = await ctx.groups()
    for (const g of groups) {
      if (g.roomId === data.exceptRoom) continue
      const scope = await scopeOf(ctx, g.roomId, groups)
      if (!scope || scope.exempt(memberId)) continue
      const member = (await ctx.view.members(g.roomId)).find((m) => m.id === memberId)
      if (!member) continue
      const req: RemovalRequest = {
        cause: 'blacklist',
        memberId,
        memberName: shownName(member),
        reason: entry.reason,
        ...(entry.evidence ? { evidence: entry.evidence } : {}),
        blacklisted: true,
        by: entry.by,
      }
      const jobId = `bl-rm-${g.roomId}-${memberId}-${entry.at}`
      if (scope.dryRun && data.human !== true) {
        await ctx.hq.say(ruleActionMessages.dryBlacklistRemoval({ ...req, groupLabel: scope.label }), jobIdPart(`${jobId}-dry`))
        continue
      }
      if (scope.info && !scope.info.botIsOwner && !scope.info.botIsAdmin) {
        // known to fail: a sweep over many such groups would only trip the send breaker
        await ctx.hq.say(ruleActionMessages.removalFailed({ ...req, groupLabel: scope.label }, NO_RIGHTS), jobIdPart(`${jobId}-norights`))
        await audit({ action: 'remove-failed', roomId: g.roomId, memberId, by: entry.by, why: entry.reason, evidence: NO_RIGHTS })
        continue
      }
      await removeMember(scope, req, jobId)
    }
  })

  async function onOutcome(jobId: string, data: OutboundJobData, outcome: Outcome): Promise<void> {
    if (data.action.type !== 'remove') return
    const rec = await ctx.stores.removals.take(jobId)
    if (!rec) return // not one of ours, already reported, or a record that does not read (logged by the store)
    const r = rec.report
    const base = { roomId: rec.roomId, memberId: r.memberId, by: rec.by, why: r.reason, jobId }
    switch (outcome.status) {
      case 'sent': {
        await ctx.hq.say(ruleActionMessages.removed(r), `rmok-${jobId}`)
        if (rec.notice) {
          await ctx.act({ type: 'say', to: rec.roomId, text: rec.notice.text, mentionIds: rec.notice.mentionIds }, 'member', { jobId: `rmnote-${jobId}` })
        }
        const inviter = rec.inviterId
        if (inviter && inviter !== ctx.view.selfId() && inviter !== r.memberId) {
          await ctx.act(
            { type: 'say', to: rec.roomId, text: ruleActionMessages.rejoinInviterNotice(r.memberName), mentionIds: [inviter] },
            'member',
            { jobId: `rminv-${jobId}` },
          )
        }
        await audit({ ...base, action: 'removed' })
        break
      }
      case 'failed':
        await ctx.hq.say(ruleActionMessages.removalFailed(r, outcome.error), `rmfail-${jobId}`)
        await audit({ ...base, action: 'remove-failed', evidence: outcome.error })
        break
      case 'uncertain':
        await ctx.hq.say(ruleActionMessages.removalUncertain(r), `rmunsure-${jobId}`)
        await audit({ ...base, action: 'remove-uncertain' })
        break
      case 'skipped':
        break
    }
  }

  return { stores, audit, carryOut, removeMember, addToBlacklist, onOutcome, rulesDigest }
}

export type RuleActions = ReturnType<typeof createRuleActions>
