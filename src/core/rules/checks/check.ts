import type { RulesPolicy } from '../../../config/schema'
import type { VerdictView } from '../../../texts/rules'
import type { LabelMatch } from '../../ads/apply-labels'
import type { AdFinding } from '../../ads/detect-ad'
import type { InboundMessage } from '../../types'
import type { CompiledRules } from '../compile-rules'
import { shownName } from '../shown-name'

/**
 * The shape of one message check (one file each in this folder, listed in order in
 * `index.ts`). A check is pure: it reads the message and what the caller gathered
 * (`MessageInput`), never Redis, Wechaty or the clock.
 */

export interface MessageInput {
  message: InboundMessage
  /** the room's effective policy (`effectivePolicy`) */
  policy: RulesPolicy
  /** `compileRules(policy)` */
  compiled: CompiledRules
  /** `isExempt(sender)`: exempt senders get watch-word alerts only */
  exempt: boolean
  /** the sender's spam strikes so far (ads, cross-group and flood share one count) */
  strikes: number
  /**
   * The sender's strikes in this room for a rule that keeps its own count (voice), keyed by
   * rule. The caller reads them for the checks whose `counted(message, policy)` is true.
   */
  ruleStrikes?: Readonly<Record<string, number>>
  /** the sender's message times in this room, the current one included */
  recentTimestamps: readonly number[]
  /**
   * where and when the sender sent this same message (`crossGroupKey`), the current one
   * included, over the longer of the cross-group and repeat windows
   */
  crossGroupHistory: ReadonlyArray<{ roomId: string; at: number }>
  /**
   * The sender's messages seen in this room, the current one included; the caller counts
   * them while `bare` is on (undefined: not counted, the bare check does not judge).
   */
  messagesSeen?: number
  /**
   * Since when the bot knows the sender in this room (`store/newcomer-roster.ts`): `since` 0,
   * there before the bot managed the group; a join time; undefined, not known (joined while
   * the bot was away: judged by `messagesSeen`). Absent: not read (rules.newcomer off).
   */
  known?: { since: number | undefined }
  /**
   * Set to check the sender's nickname on this message. The caller leaves it out while a
   * nickname reminder to this member is recent: that is how reminders are rate-limited.
   */
  nickname?: { strikes: number; joinedAt: number | undefined }
  /** the nearest text moderators labelled (the labelled store's index), when one is near enough */
  labelMatch?: LabelMatch
  now: number
}

/** A text to say in the room; maps one to one onto an outbound `say` action. */
export interface Notice {
  text: string
  /** contacts to @-mention; WeChat's Room.say puts `@name` in front of the text for each */
  mentionIds: string[]
}

/** What a verdict does (see verdict.ts for each); the kinds are defined with their texts. */
export type VerdictKind = VerdictView['kind']

/** A verdict of rule `R`: core/rules/verdict.ts's `Verdict` is this over every rule of the list. */
export interface VerdictOf<R extends string> {
  kind: VerdictKind
  rule: R
  memberId: string
  roomId: string
  /** the name the room shows for the member (group nickname, else WeChat name) */
  memberName: string
  /** short Chinese description for HQ and logs, e.g. 「发广告（链接）」 */
  reason: string
  /** what was found, as an operator reads it in HQ */
  evidence?: string
  /**
   * The member's strike count for this rule family once the verdict is carried out; the
   * caller stores it. Set on every verdict that counts (ad/flood/cross-group warnings and
   * removals; nickname reminders and warnings under `action: warn | remove`; voice).
   */
  strikes?: number
  /** warnings still to come before removal; undefined when the rule never removes */
  warningsLeft?: number
  /** what to say in the room, when anything */
  notice?: Notice
  /** the ad findings behind an `ad` verdict */
  findings?: AdFinding[]
  /**
   * What the member wrote, behind an ad or review verdict (a text, or a link card's title
   * and description): what `#广告` / `#误判` put in the labelled store.
   */
  text?: string
  /** the detector's score (0..1) and reasons behind an ad or review verdict */
  assessment?: { score: number; reasons: string[] }
  /** the HQ case id (R12), set by the caller once it filed a review or a removal */
  caseId?: string
}

/** One reason to warn or remove the sender under the spam rules; one message earns one step however many it has. */
export interface Offence<R extends string = string> {
  rule: R
  reason: string
  evidence: string
  warning: (warningsLeft: number) => string
  findings?: AdFinding[]
  text?: string
  assessment?: { score: number; reasons: string[] }
  /**
   * The policy's last step at once, whatever the strikes: no warning (a newcomer's link,
   * issue 20 item 3). The message still counts one strike.
   */
  immediate?: true
  /**
   * The evidence is too weak to act on (the ad detector says `review`): no strike, nothing in
   * the group; HQ reviews it — and only when no other spam check fired on the message.
   */
  review?: true
}

/**
 * A spam check: its offences share one strike count per member across every group and one
 * step of `ads.warnings` per message (warn, then remove, then — except `flood` — blacklist),
 * however many spam checks the message trips (`spamVerdicts`).
 */
export interface SpamCheck<R extends string = string> {
  rule: R
  spam: true
  /** 「因…」 in the notice said after a removal */
  removedFor: string
  /** also ban everywhere on removal (when `ads.blacklist`) */
  blacklists: boolean
  offence(input: MessageInput): Offence<R> | undefined
}

/**
 * A rule with its own policy (`rules.<rule>.action`): the check decides the verdict itself
 * (remind, warn, remove or report) from the member's strikes of this rule. One such verdict
 * per message, and none when a spam check fired (one telling-off per message).
 */
export interface RuleCheck<R extends string = string> {
  rule: R
  spam: false
  /** looked at for exempt senders too (watch-words: HQ wants to know; nothing is done to the sender) */
  exemptToo?: boolean
  /**
   * This message may earn a strike of this rule: the caller reads the member's count in this
   * room (`ruleStrikes[rule]`) first, and stores the verdict's `strikes` once carried out.
   * Absent: the rule keeps no count of its own here (nickname keeps its own, watch-words none).
   */
  counted?: (message: InboundMessage, policy: RulesPolicy) => boolean
  offence(input: MessageInput): VerdictOf<R> | undefined
}

export type Check<R extends string = string> = SpamCheck<R> | RuleCheck<R>

/** Who a verdict on this message is about: the sender, in its room, by the name the room shows. */
export function verdictBase(message: InboundMessage, roomId: string): Pick<VerdictOf<string>, 'memberId' | 'roomId' | 'memberName'> {
  return { memberId: message.fromId, roomId, memberName: shownName({ name: message.fromName, alias: message.fromAlias }) }
}
