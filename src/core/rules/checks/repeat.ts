import { rulesMessages } from '../../../texts/rules'
import type { SpamCheck } from './check'
import { crossGroupKey } from './cross-group'

/** `repeat.windowMinutes` in ms: how long the caller keeps a member's repeat history at least. */
export function repeatWindowMs(windowMinutes: number): number {
  return Math.round(windowMinutes * 60_000)
}

/**
 * The same message (normalised as the cross-group rule keys it: `crossGroupKey`, so 好的 /
 * 收到 / +1, shorter than `MIN_REPEAT_CHARS`, never count) from ONE member `repeat.maxRepeats`
 * times in this group within `repeat.windowMinutes`. The history is the cross-group one
 * (`input.crossGroupHistory`: this member's copies of this message, in every group), so the
 * count is per member: ten members each saying the same line are ten counts of one.
 * Edge-triggered like flood: it fires on the `maxRepeats`-th copy, and again on every
 * `maxRepeats` more (so a member who goes on after a warning reaches the next step).
 */
export const repeatCheck: SpamCheck<'repeat'> = {
  rule: 'repeat',
  spam: true,
  removedFor: rulesMessages.removedFor.repeat,
  blacklists: false,
  offence({ message, policy, crossGroupHistory, now }) {
    const { repeat } = policy
    const roomId = message.roomId
    if (!repeat.enabled || roomId === undefined || crossGroupHistory.length < repeat.maxRepeats) return undefined
    const windowMs = repeatWindowMs(repeat.windowMinutes)
    let count = 0
    for (const h of crossGroupHistory) if (h.roomId === roomId && h.at <= now && now - h.at <= windowMs) count++
    // the key last: most messages stop above, and the caller keeps no history for keyless ones anyway
    if (count < repeat.maxRepeats || count % repeat.maxRepeats !== 0 || crossGroupKey(message) === undefined) return undefined
    return {
      rule: 'repeat',
      reason: rulesMessages.reasons.repeat(repeat.maxRepeats, windowMs),
      evidence: rulesMessages.evidence.repeat(count, message.url?.url ?? message.body ?? message.text),
      warning: (left) => rulesMessages.repeatWarning(left),
    }
  },
}
