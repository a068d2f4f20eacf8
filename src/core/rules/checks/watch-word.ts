import { rulesMessages } from '../../../texts/rules'
import { matchWatchWords } from '../../ads/watch-words'
import type { InboundMessage } from '../../types'
import { verdictBase, type RuleCheck } from './check'

/** What a watch-word is looked for in: what the sender wrote, and a link card's description. */
function watchedText(message: InboundMessage): string {
  return [message.body ?? message.text, message.url?.description ?? ''].filter(Boolean).join('\n')
}

/**
 * `alert-hq` for watch-words — for exempt senders too: HQ wants to know when a leader or
 * admin writes 退款 or 投诉 just as much; the alert does nothing to the sender.
 */
export const watchWordCheck: RuleCheck<'watchWord'> = {
  rule: 'watchWord',
  spam: false,
  exemptToo: true,
  offence({ message, policy, compiled }) {
    if (policy.watchWords.length === 0 || message.roomId === undefined) return undefined
    const text = watchedText(message)
    const words = text ? matchWatchWords(text, compiled.watchWords) : []
    if (words.length === 0) return undefined
    return {
      ...verdictBase(message, message.roomId),
      kind: 'alert-hq',
      rule: 'watchWord',
      reason: rulesMessages.reasons.watchWord(words),
      evidence: rulesMessages.excerpt(text),
    }
  },
}
