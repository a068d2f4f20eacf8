import { rulesMessages } from '../../../texts/rules'
import { deobfuscate } from '../../ads/deobfuscate'
import { findContacts } from '../../ads/find-contacts'
import { canonicalVariants } from '../../ads/normalize-text'
import type { InboundMessage } from '../../types'
import { adAssessmentOf } from './ad'
import type { MessageInput, SpamCheck } from './check'

/**
 * Whether the ad check's scan found a contact in this message (issue 20: one scan per
 * message), or undefined when it did not look (ads or their contact finder off).
 */
function contactFound(input: MessageInput): boolean | undefined {
  const { ads } = input.policy
  if (!ads.enabled || !ads.contacts) return undefined
  return adAssessmentOf(input).findings.some((f) => f.kind === 'contact')
}

/** The words around a contact that say what it is (「微信：」「加我」「电话」…), after `canonicalVariants`. */
const CONTACT_WORDS = /加微信|微信号?|扣扣|企鹅|qq号?|电话|手机号?|联系方式|联系我?|号码|加我|私聊|私信|tel|phone|id/gu

/**
 * A contact with its label spelt in Chinese (「微信号」「电话」…) and its digits spelt out
 * (「一三八…」, eleven) has at most this many CJK characters; more is a sentence, and the
 * costlier contact finder need not read it.
 */
const MAX_WORD_CHARS = 24

/** The CJK characters in `text` (a cheap count before the contact finder). */
function wordsBesideContact(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x3400) n++
  return n
}

/**
 * The text is a contact and nothing else: `findContacts` reads one (phone, WeChat or QQ id
 * in any disguise the ad rule reads), and once contacts, the words that label them, digits,
 * Latin letters and punctuation are gone, at most two characters are left (「你好」 is not a
 * self-introduction; 「我是北京的李四，做教育」 is).
 */
export function isContactOnly(text: string, contactFound?: boolean): boolean {
  if (contactFound === false || text.length > 200 || wordsBesideContact(text) > MAX_WORD_CHARS) return false
  if (contactFound === undefined && findContacts(text).length === 0) return false
  const rest = canonicalVariants(deobfuscate(text))
    .replace(CONTACT_WORDS, '')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/[0-9a-z_]+/g, '')
  return [...rest].length <= 2
}

/** The message only @s people (not only the bot) or everyone, with no words of its own. */
export function isMentionOnly(message: InboundMessage): boolean {
  const others = new Set(message.mentionIds).size - (message.mentionsSelf ? 1 : 0)
  if (others <= 0 && !message.mentionAll) return false
  const rest = (message.body ?? message.text).replace(/@所有人/gu, '').replace(/@\S+/gu, '').replace(/[^\p{L}\p{N}]+/gu, '')
  return rest.length === 0
}

/**
 * Contact-only and mention-only messages from a member the group hardly knows: fewer than
 * `bare.newcomerMessages` messages seen in this group before this one (`input.messagesSeen`,
 * this one included; the caller counts only while the rule is on). A spam offence: it shares
 * the spam strikes; no blacklist (the ad rule bans a contact that is an ad).
 */
export const bareCheck: SpamCheck<'bare'> = {
  rule: 'bare',
  spam: true,
  removedFor: rulesMessages.removedFor.bare,
  blacklists: false,
  offence(input) {
    const { message, policy, messagesSeen } = input
    const { bare } = policy
    if (!bare.enabled || message.roomId === undefined || message.kind !== 'text' || messagesSeen === undefined) return undefined
    if (messagesSeen - 1 >= bare.newcomerMessages) return undefined
    const text = message.body ?? message.text
    const contact = isContactOnly(text, contactFound(input))
    if (!contact && !isMentionOnly(message)) return undefined
    return {
      rule: 'bare',
      reason: rulesMessages.reasons.bare(contact),
      evidence: rulesMessages.evidence.bare(messagesSeen, message.text),
      warning: (left) => rulesMessages.bareWarning(contact, left),
    }
  },
}
