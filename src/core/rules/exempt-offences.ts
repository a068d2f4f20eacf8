import { CHECKS, type SpamRule } from './checks'
import type { MessageInput } from './checks/check'

/**
 * The spam rules an exempt member's message would trip (issue 20 item 6): owner, admins,
 * leaders, HQ roles and `rules.exempt` are never acted on, but their offences are counted
 * per group and rule for the console and `#报告`. Weak ads (`review`) are not offences.
 * Pure, as the checks are: the input is the one gathered for any member.
 */
export function exemptOffences(input: MessageInput): SpamRule[] {
  if (input.message.roomId === undefined) return []
  const judged: MessageInput = { ...input, exempt: false }
  const rules: SpamRule[] = []
  for (const check of CHECKS) {
    if (!check.spam) continue
    const offence = check.offence(judged)
    if (offence && !offence.review) rules.push(check.rule)
  }
  return rules
}
