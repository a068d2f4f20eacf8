import type { AdFinding } from '../ads/detect-ad'
import type { VerdictView } from '../../messages/rules'

/**
 * What the rule engine decides, as plain data. The caller carries verdicts out through
 * the paced outbound queue (or, in dry-run, only reports them to HQ): the engine itself
 * never acts, never reads the clock and never looks at `rules.dryRun`.
 *
 * - `warn`, `remind`: say `notice` in the room, @-mentioning the member.
 * - `remove`: remove the member from `roomId`, then say `notice` (no mention: they are gone).
 * - `blacklist`: ban the member from every managed group (always follows a `remove`).
 * - `report`: tell HQ; nothing is said in the room.
 * - `alert-hq`: tell HQ; nothing is done to the member (watch-words).
 * - `review`: the ad evidence is weak: no strike, nothing in the group; HQ gets one line
 *   with an id (R12) to answer `#广告 R12` (act on it) or `#误判 R12` (release it). In
 *   dry-run too: it is only a report.
 */
export type VerdictKind = VerdictView['kind']

export type RuleName = 'ad' | 'flood' | 'crossGroup' | 'nickname' | 'intro' | 'watchWord'

/** A text to say in the room; maps one to one onto an outbound `say` action. */
export interface Notice {
  text: string
  /** contacts to @-mention; WeChat's Room.say puts `@name` in front of the text for each */
  mentionIds: string[]
}

export interface Verdict {
  kind: VerdictKind
  rule: RuleName
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
   * removals; nickname reminders and warnings under `action: warn | remove`).
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

/** Kinds that do something in a group (and so are only reported, prefixed [演练], in dry-run). */
export const GROUP_ACTIONS: ReadonlySet<VerdictKind> = new Set<VerdictKind>(['warn', 'remove', 'remind', 'blacklist'])
