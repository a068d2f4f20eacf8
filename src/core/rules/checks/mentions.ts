import { rulesMessages } from '../../../texts/rules'
import type { SpamCheck } from './check'

/**
 * Mention bombs: a message that @s more than `mentions.max` members (the bot not counted),
 * or @所有人 (「@所有人」: `message.mentionAll`) from a member who is not exempt — owner,
 * admins, leaders, HQ roles and `rules.exempt` never reach a spam check, so the check needs
 * no roles of its own. A spam offence: it shares the spam strikes; no blacklist.
 */
export const mentionsCheck: SpamCheck<'mentions'> = {
  rule: 'mentions',
  spam: true,
  removedFor: rulesMessages.removedFor.mentions,
  blacklists: false,
  offence({ message, policy }) {
    const { mentions } = policy
    if (!mentions.enabled || message.roomId === undefined) return undefined
    const all = message.mentionAll === true
    const count = new Set(message.mentionIds).size - (message.mentionsSelf ? 1 : 0)
    if (!all && count <= mentions.max) return undefined
    return {
      rule: 'mentions',
      reason: rulesMessages.reasons.mentions(all, mentions.max),
      evidence: rulesMessages.evidence.mentions(all, count, message.text),
      warning: (left) => rulesMessages.mentionsWarning(all, left),
    }
  },
}
