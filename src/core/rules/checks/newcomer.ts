import type { AdFinding } from '../../ads/detect-ad'
import { rulesMessages } from '../../../texts/rules'
import type { NEWCOMER_KINDS } from '../../../config/sections/rules'
import { adAssessmentOf, writtenText } from './ad'
import type { MessageInput, SpamCheck } from './check'

type StrictKind = (typeof NEWCOMER_KINDS)[number]

/** the ad detector's finding kinds that `rules.newcomer.strict` names */
const STRICT_OF: Partial<Record<AdFinding['kind'], StrictKind>> = {
  link: 'link',
  miniProgram: 'miniProgram',
  card: 'card',
  qrImage: 'qr',
  contact: 'contact',
}

const HOUR = 3_600_000

/**
 * How the sender is new in this room, or undefined when they are not: joined (as the bot
 * saw it) less than `newcomer.hours` ago; or, the join not seen and the member not in the
 * roster the bot took when it began managing the group, fewer than `newcomer.messages`
 * messages seen before this one.
 */
export function newcomerSince(input: MessageInput): { joinedMs: number } | { seen: number } | undefined {
  const { known, messagesSeen, policy, now } = input
  if (known === undefined) return undefined
  if (known.since !== undefined) {
    const joinedMs = now - known.since
    return known.since > 0 && joinedMs >= 0 && joinedMs < policy.newcomer.hours * HOUR ? { joinedMs } : undefined
  }
  return messagesSeen !== undefined && messagesSeen - 1 < policy.newcomer.messages ? { seen: messagesSeen } : undefined
}

/**
 * Newcomers posting a link, mini program, contact card, QR code or contact (`newcomer.strict`):
 * the ad policy at once, removal (and the blacklist, when `ads.blacklist`), with no warning and
 * no review zone: a first-message link is the commonest ad. It reads the ad check's findings
 * (`adAssessmentOf`, one scan per message) and only for a newcomer: a member the group knows
 * costs a comparison. Listed before the ad check, so the verdict is named after it.
 */
export const newcomerCheck: SpamCheck<'newcomer'> = {
  rule: 'newcomer',
  spam: true,
  removedFor: rulesMessages.removedFor.newcomer,
  blacklists: true,
  offence(input) {
    const { newcomer } = input.policy
    if (!newcomer.enabled || input.message.roomId === undefined || newcomer.strict.length === 0) return undefined
    const since = newcomerSince(input)
    if (since === undefined) return undefined
    const findings = adAssessmentOf(input).findings.filter((f) => {
      const kind = STRICT_OF[f.kind]
      return kind !== undefined && newcomer.strict.includes(kind)
    })
    if (findings.length === 0) return undefined
    const text = writtenText(input.message)
    return {
      rule: 'newcomer',
      immediate: true,
      reason: rulesMessages.reasons.newcomer(findings),
      evidence: rulesMessages.evidence.newcomer(since, findings),
      warning: (left) => rulesMessages.newcomerWarning(left),
      findings,
      ...(text ? { text } : {}),
    }
  },
}
