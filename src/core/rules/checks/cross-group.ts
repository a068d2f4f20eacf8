import { rulesMessages } from '../../../texts/rules'
import { isCrossGroupSpam, repeatKey } from '../../ads/cross-group'
import type { InboundMessage } from '../../types'
import type { SpamCheck } from './check'

/**
 * The key under which the caller keeps cross-group history for a message: the same text,
 * link, mini-program, card or QR payload, normalised. Undefined for messages too short or
 * too generic to count (好的, 收到, an image without a QR code).
 */
export function crossGroupKey(message: InboundMessage): string | undefined {
  let key: string | undefined
  switch (message.kind) {
    case 'text':
      key = repeatKey(message.body ?? message.text)
      break
    case 'url':
      key = repeatKey(message.url?.url ?? message.text)
      break
    case 'miniProgram':
      key = repeatKey(`${message.miniProgram?.appid ?? ''}${message.miniProgram?.title ?? message.text}`)
      break
    case 'card':
      key = message.cardId ? repeatKey(message.cardId) : undefined
      break
    case 'image':
      key = message.qrText ? repeatKey(message.qrText) : undefined
      break
    default:
      key = undefined
  }
  return key === undefined ? undefined : `${message.kind}:${key}`
}

/** The same message in `ads.crossGroup.groups` rooms within `ads.crossGroup.windowMs`. */
export const crossGroupCheck: SpamCheck<'crossGroup'> = {
  rule: 'crossGroup',
  spam: true,
  removedFor: rulesMessages.removedFor.crossGroup,
  blacklists: true,
  offence(input) {
    const { message } = input
    const { ads } = input.policy
    if (!ads.enabled || crossGroupKey(message) === undefined) return undefined
    if (!isCrossGroupSpam(input.crossGroupHistory, input.now, ads.crossGroup)) return undefined
    const rooms = new Set(input.crossGroupHistory.filter((h) => h.at <= input.now && input.now - h.at <= ads.crossGroup.windowMs).map((h) => h.roomId))
    return {
      rule: 'crossGroup',
      reason: rulesMessages.reasons.crossGroup(ads.crossGroup.groups, ads.crossGroup.windowMs),
      evidence: rulesMessages.evidence.crossGroup(rooms.size, message.url?.url ?? message.text),
      warning: (left) => rulesMessages.crossGroupWarning(left),
    }
  },
}
