import { rulesMessages } from '../../../texts/rules'
import { isFlood } from '../../ads/cross-group'
import type { SpamCheck } from './check'

/**
 * More than `flood.messages` messages within `flood.windowMs`. Edge-triggered: it fires on
 * the message that crosses the limit, not on every message after it, so one burst earns one
 * warning (a burst of nine holiday photos and a caption is not two offences). Flooding alone
 * is not banned everywhere.
 */
export const floodCheck: SpamCheck<'flood'> = {
  rule: 'flood',
  spam: true,
  removedFor: rulesMessages.removedFor.flood,
  blacklists: false,
  offence(input) {
    const { flood } = input.policy
    const times = [...input.recentTimestamps].filter((t) => t <= input.now).sort((a, b) => a - b)
    if (!isFlood(times, input.now, flood)) return undefined
    const before = times.slice(0, -1)
    const previousAt = before[before.length - 1]
    if (previousAt !== undefined && isFlood(before, previousAt, flood)) return undefined
    const count = times.filter((t) => input.now - t <= flood.windowMs).length
    return {
      rule: 'flood',
      reason: rulesMessages.reasons.flood(flood.messages, flood.windowMs),
      evidence: rulesMessages.evidence.flood(count, flood.windowMs),
      warning: (left) => rulesMessages.floodWarning(left),
    }
  },
}
