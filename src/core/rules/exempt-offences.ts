import { CHECKS, type SpamRule } from './checks'
import { verdictBase, type MessageInput, type VerdictOf } from './checks/check'

/**
 * The spam rules an exempt member's message would trip (issue 20 item 6), as the `report`
 * verdicts anyone else would have earned: owner, admins, leaders, HQ roles and `rules.exempt`
 * are never acted on, but their offences are counted per group and rule (console, `#报告`)
 * and listed in the rules digest. Weak ads (`review`) are not offences.
 * Pure, as the checks are: the input is the one gathered for any member.
 */
export function exemptOffences(input: MessageInput): VerdictOf<SpamRule>[] {
  const roomId = input.message.roomId
  if (roomId === undefined) return []
  const judged: MessageInput = { ...input, exempt: false }
  const found: VerdictOf<SpamRule>[] = []
  for (const check of CHECKS) {
    if (!check.spam) continue
    const offence = check.offence(judged)
    if (!offence || offence.review) continue
    found.push({
      kind: 'report',
      rule: check.rule,
      ...verdictBase(input.message, roomId),
      reason: offence.reason,
      evidence: offence.evidence,
      ...(offence.text !== undefined ? { text: offence.text } : {}),
    })
  }
  return found
}
