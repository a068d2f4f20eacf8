import { rulesMessages } from '../../../texts/rules'
import type { SpamCheck } from './check'

/**
 * Whether the flood rule fires on the last of `times` (sorted, oldest first), played over the
 * member's kept message times (the newest 50, kept while they keep writing):
 * - it fires on the message that crosses the limit (more than `messages` within `windowMs`),
 *   not on every message after it: one burst earns one step, a burst of nine holiday photos
 *   and a caption is not two offences;
 * - after it fired, a member who goes on sends another `messages` within `windowMs` of that
 *   step: it fires again (issue 20 item 1: the next step of the policy, removal with
 *   `ads.warnings: 1`), and so on, each step counting from the one before;
 * - once a step's window passed without that, only a new crossing fires.
 * One pass, two indexes: a few dozen comparisons at most.
 */
export function floodFiresOnLast(times: readonly number[], flood: { messages: number; windowMs: number }): boolean {
  let lo = 0
  let lastFired = -1
  let wasFlooding = false
  let fired = false
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!
    while (t - times[lo]! > flood.windowMs) lo++
    const flooding = i - lo + 1 > flood.messages
    const afterStep = lastFired >= 0 && t - times[lastFired]! <= flood.windowMs
    fired = afterStep ? i - lastFired === flood.messages : flooding && !wasFlooding
    if (fired) lastFired = i
    wasFlooding = flooding
  }
  return fired
}

/**
 * More than `flood.messages` messages within `flood.windowMs`, and then every `messages` more
 * within the window after a step (`floodFiresOnLast`). Every kind of message the member sends
 * counts (images and stickers too); the caller records only the member's own messages, so
 * system messages (joins, topic changes) never do. Flooding alone is not banned everywhere.
 */
export const floodCheck: SpamCheck<'flood'> = {
  rule: 'flood',
  spam: true,
  removedFor: rulesMessages.removedFor.flood,
  blacklists: false,
  offence(input) {
    const { flood } = input.policy
    const times = input.recentTimestamps.filter((t) => t <= input.now).sort((a, b) => a - b)
    if (times.length <= flood.messages || !floodFiresOnLast(times, flood)) return undefined
    const count = times.filter((t) => input.now - t <= flood.windowMs).length
    return {
      rule: 'flood',
      reason: rulesMessages.reasons.flood(flood.messages, flood.windowMs),
      evidence: rulesMessages.evidence.flood(count, flood.windowMs),
      warning: (left) => rulesMessages.floodWarning(left),
    }
  },
}
