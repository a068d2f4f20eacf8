import type { RulesPolicy } from '../../config/schema'
import { rulesMessages } from '../../texts/rules'
import { CHECKS, spamCheckOf, type SpamRule } from './checks'
import { verdictBase, type MessageInput, type Offence } from './checks/check'
import { escalate } from './escalate'
import type { Verdict } from './verdict'


/**
 * One step of `ads.warnings` escalation for one message's offences (however many it has):
 * `warn` while strikes < warnings, else `remove`, plus `blacklist` when `ads.blacklist` and
 * the first offence's check bans (ads, cross-group: not flood). Named after the first offence.
 */
export function spamVerdicts(
  base: Pick<Verdict, 'memberId' | 'roomId' | 'memberName'>,
  offences: readonly Offence<SpamRule>[],
  strikes: number,
  policy: RulesPolicy,
): Verdict[] {
  const first = offences[0]
  if (!first) return []
  const check = spamCheckOf(first.rule)
  // a newcomer's strict kind: the last step at once (one strike more than the warnings allow)
  const immediate = offences.some((o) => o.immediate)
  const step = escalate(immediate ? Math.max(strikes, policy.ads.warnings) : strikes, policy.ads.warnings)
  const reason = offences.map((o) => o.reason).join('；')
  const evidence = offences.map((o) => o.evidence).join('；')
  const findings = offences.find((o) => o.findings)?.findings
  // what the member wrote, for #广告 / #误判: the ad's, else a newcomer's strict post
  const ad = offences.find((o) => o.rule === 'ad') ?? offences.find((o) => o.text !== undefined)
  const common = {
    ...base,
    rule: first.rule,
    reason,
    evidence,
    strikes: step.strikes,
    ...(findings ? { findings } : {}),
    ...(ad?.text ? { text: ad.text } : {}),
    ...(ad?.assessment ? { assessment: ad.assessment } : {}),
  }
  if (step.kind === 'warn') {
    return [{ ...common, kind: 'warn', warningsLeft: step.warningsLeft, notice: { text: first.warning(step.warningsLeft), mentionIds: [base.memberId] } }]
  }
  const notice = { text: rulesMessages.removedNotice(base.memberName, check.removedFor), mentionIds: [] }
  const out: Verdict[] = [{ ...common, kind: 'remove', warningsLeft: 0, notice }]
  if (policy.ads.blacklist && check.blacklists) out.push({ ...common, kind: 'blacklist' })
  return out
}

/** A weak ad (the detector says `review`): one line for HQ, no strike. */
function reviewVerdict(base: Pick<Verdict, 'memberId' | 'roomId' | 'memberName'>, o: Offence): Verdict {
  return {
    ...base,
    kind: 'review',
    rule: 'ad',
    reason: o.reason,
    evidence: o.evidence,
    ...(o.text ? { text: o.text } : {}),
    ...(o.assessment ? { assessment: o.assessment } : {}),
  }
}

/**
 * The verdicts on one group message: the checks of `CHECKS` (core/rules/checks), in order.
 * 1. spam checks — ads, the same message in `ads.crossGroup.groups` rooms, flood. One
 *    message earns one step of `ads.warnings` escalation however many of these it trips (a
 *    spammer's third copy is both an ad and cross-group: one strike): `warn` while strikes <
 *    warnings, else `remove`, plus `blacklist` when `ads.blacklist` and the removal is for
 *    an ad or cross-group spam (flooding alone is not banned everywhere). The verdict is
 *    named after the first rule tripped. With no spam but a weak ad (`review`): one
 *    `review` verdict (no strike).
 * 2. the rules with their own policy — voice, nickname (when `input.nickname` is set): the
 *    first that gives a verdict, when no spam verdict was given (one telling-off per message).
 * 3. the checks exempt senders get too: `alert-hq` for watch-words (HQ wants to know when a
 *    leader or admin writes 退款 or 投诉 just as much; the alert does nothing to the sender).
 * Exempt senders get nothing else. Private messages get nothing. `rules.dryRun` is not
 * looked at: the caller reports verdicts instead of carrying them out.
 */
export function evaluateMessage(input: MessageInput): Verdict[] {
  const roomId = input.message.roomId
  if (roomId === undefined) return []
  const base = verdictBase(input.message, roomId)
  const verdicts: Verdict[] = []

  if (!input.exempt) {
    const found: Offence<SpamRule>[] = []
    for (const check of CHECKS) {
      if (!check.spam) continue
      const offence = check.offence(input)
      if (offence) found.push(offence)
    }
    const offences = found.filter((o) => !o.review)
    const review = found.find((o) => o.review)
    if (offences.length > 0) verdicts.push(...spamVerdicts(base, offences, input.strikes, input.policy))
    else if (review) verdicts.push(reviewVerdict(base, review))
    if (offences.length === 0) {
      for (const check of CHECKS) {
        if (check.spam || check.exemptToo) continue
        const verdict = check.offence(input)
        if (verdict) {
          verdicts.push(verdict)
          break
        }
      }
    }
  }

  for (const check of CHECKS) {
    if (check.spam || !check.exemptToo) continue
    const verdict = check.offence(input)
    if (verdict) verdicts.push(verdict)
  }
  return verdicts
}
