import type { RulesPolicy } from '../../config/schema'
import { rulesMessages } from '../../texts/rules'
import type { MemberInfo } from '../types'
import { shownName } from './shown-name'
import type { Verdict } from './verdict'

export type IntroPolicy = RulesPolicy['intro']

/** `@name` mentions as WeChat writes them (after a space or at the start, ended by a space or U+2005). */
const MENTION = /(^|[\s\u2005])@[^\s\u2005@]+/gu
/** WeChat's own emoticons arrive as text: [微笑], [Thumbs Up] … */
const WECHAT_EMOTICON = /\[[^[\]\n]{1,12}\]/gu
const COUNTED = /[\p{L}\p{N}]/gu

/**
 * An introduction is read in its first 2,000 characters: `minLength` is a few dozen letters,
 * and no self-introduction runs longer, so the answer never changes; a 1 MB message costs
 * no more than a long one.
 */
export const INTRO_MAX_CHARS = 2000

/**
 * How long a message is, as an introduction: letters and digits (a Chinese character is a
 * letter), after removing @mentions and WeChat emoticons. Spaces, punctuation and emoji
 * do not count, so 「大家好！！！👏👏👏」 is short however it is padded. Counts within the
 * first `INTRO_MAX_CHARS` characters.
 */
export function introLength(text: string): number {
  const stripped = text.slice(0, INTRO_MAX_CHARS).replace(MENTION, '$1').replace(WECHAT_EMOTICON, '')
  return stripped.match(COUNTED)?.length ?? 0
}

/**
 * Whether a text message counts as the member's self-introduction: at least
 * `intro.minLength` letters and digits (see `introLength`). Deliberately only a length:
 * any template (城市-姓名-行业) is a suggestion to members, and a real introduction in
 * other words must count. Pass text messages only (an image's file name is no intro).
 */
export function isIntro(text: string, intro: Pick<IntroPolicy, 'minLength'>): boolean {
  return introLength(text) >= intro.minLength
}

/**
 * When the caller should check a newcomer: a reminder at half the deadline, then the
 * configured action at the deadline. Schedule one delayed job at each.
 */
export function introCheckTimes(joinedAt: number, intro: Pick<IntroPolicy, 'deadlineMs'>): { remindAt: number; deadlineAt: number } {
  return { remindAt: joinedAt + Math.floor(intro.deadlineMs / 2), deadlineAt: joinedAt + intro.deadlineMs }
}

export interface IntroVerdictInput {
  member: MemberInfo
  roomId: string
  joinedAt: number
  /** when the member's first introduction was seen, if ever */
  introducedAt: number | undefined
  now: number
  policy: RulesPolicy
  exempt?: boolean
}

/**
 * What a missing introduction earns at `now`:
 * - before half the deadline: nothing;
 * - from half the deadline until the deadline: a reminder that says how long is left (and,
 *   under `action: remove`, that removal follows);
 * - from the deadline on: `intro.action`: a second reminder (`remind`), a report to HQ
 *   (`report`) or removal (`remove`).
 * Nothing once the member has introduced themselves (even late), nothing for exempt members.
 */
export function introVerdict(input: IntroVerdictInput): Verdict | undefined {
  const { member, roomId, now, policy } = input
  const intro = policy.intro
  if (input.exempt || !intro.enabled || input.introducedAt !== undefined) return undefined
  const { remindAt, deadlineAt } = introCheckTimes(input.joinedAt, intro)
  if (now < remindAt) return undefined

  const memberName = shownName(member)
  const base = { rule: 'intro' as const, memberId: member.id, roomId, memberName }
  const mentionIds = [member.id]
  if (now < deadlineAt) {
    const text = rulesMessages.introReminder(deadlineAt - now, intro.action === 'remove')
    return { ...base, kind: 'remind', reason: rulesMessages.reasons.introPending, notice: { text, mentionIds } }
  }
  const reason = rulesMessages.reasons.introOverdue(intro.deadlineMs)
  switch (intro.action) {
    case 'remind':
      return { ...base, kind: 'remind', reason, notice: { text: rulesMessages.introOverdue, mentionIds } }
    case 'report':
      return { ...base, kind: 'report', reason }
    case 'remove':
      return {
        ...base,
        kind: 'remove',
        reason,
        notice: { text: rulesMessages.removedNotice(memberName, rulesMessages.removedFor.intro(intro.deadlineMs)), mentionIds: [] },
      }
  }
}
