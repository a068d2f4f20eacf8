import type { RulesPolicy } from '../../config/schema'
import { rulesMessages } from '../../messages/rules'
import { applyLabels, type LabelMatch } from '../ads/apply-labels'
import { assessAd, type AdAssessment } from '../ads/assess-ad'
import { isCrossGroupSpam, isFlood, repeatKey } from '../ads/cross-group'
import type { AdFinding } from '../ads/detect-ad'
import { matchWatchWords } from '../ads/watch-words'
import type { InboundMessage } from '../types'
import type { CompiledRules } from './compile-rules'
import { escalate } from './escalate'
import { nicknameVerdict } from './nickname'
import { shownName } from './shown-name'
import type { Verdict } from './verdict'

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
  /** the sender's message times in this room, the current one included */
  recentTimestamps: readonly number[]
  /** where and when the sender sent this same message (`crossGroupKey`), the current one included */
  crossGroupHistory: ReadonlyArray<{ roomId: string; at: number }>
  /**
   * Set to check the sender's nickname on this message. The caller leaves it out while a
   * nickname reminder to this member is recent: that is how reminders are rate-limited.
   */
  nickname?: { strikes: number; joinedAt: number | undefined }
  /** the nearest text moderators labelled (the labelled store's index), when one is near enough */
  labelMatch?: LabelMatch
  now: number
}

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

/** One reason to warn or remove the sender; one message earns one step however many it has. */
export interface Offence {
  rule: 'ad' | 'crossGroup' | 'flood'
  reason: string
  evidence: string
  warning: (warningsLeft: number) => string
  findings?: AdFinding[]
  text?: string
  assessment?: { score: number; reasons: string[] }
}

/** What the sender wrote, for the labelled store and HQ: a text, or a link card's title and description. */
export function writtenText(message: InboundMessage): string | undefined {
  if (message.kind === 'text') return message.body ?? message.text
  if (message.kind === 'url') return [message.url?.title ?? message.text, message.url?.description ?? ''].filter(Boolean).join('\n')
  return undefined
}

/** The detector's verdict with what moderators taught applied (`applyLabels`). */
function assess(message: InboundMessage, input: MessageInput): AdAssessment {
  const assessment = assessAd(message, input.policy.ads, input.compiled.ads)
  return input.policy.ads.enabled ? applyLabels(assessment, input.labelMatch) : assessment
}

/** An ad as an offence: the rule findings' wording when there are findings, else the assessment's reasons. */
export function adOffence(a: Pick<AdAssessment, 'findings' | 'reasons' | 'score'>, text: string | undefined): Offence {
  const { findings } = a
  const excerpt = text ? rulesMessages.excerpt(text) : ''
  return {
    rule: 'ad',
    reason: findings.length ? rulesMessages.reasons.ad(findings) : rulesMessages.reasons.adAssessed(a.reasons),
    evidence: findings.length ? rulesMessages.evidence.findings(findings) : rulesMessages.evidence.assessed(excerpt, a.score),
    warning: (left) => rulesMessages.adWarning(findings, left),
    ...(findings.length ? { findings } : {}),
    ...(text ? { text } : {}),
    assessment: { score: a.score, reasons: a.reasons },
  }
}

function crossGroupOffence(message: InboundMessage, input: MessageInput): Offence | undefined {
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
}

/**
 * Flood is edge-triggered: it fires on the message that crosses the limit, not on every
 * message after it, so one burst earns one warning (a burst of nine holiday photos and a
 * caption is not two offences).
 */
function floodOffence(input: MessageInput): Offence | undefined {
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
}

/** What a watch-word is looked for in: what the sender wrote, and a link card's description. */
function watchedText(message: InboundMessage): string {
  return [message.body ?? message.text, message.url?.description ?? ''].filter(Boolean).join('\n')
}

/**
 * One step of `ads.warnings` escalation for one message's offences (however many it has):
 * `warn` while strikes < warnings, else `remove`, plus `blacklist` when `ads.blacklist` and
 * the removal is for an ad or cross-group spam. Named after the first offence.
 */
export function spamVerdicts(
  base: Pick<Verdict, 'memberId' | 'roomId' | 'memberName'>,
  offences: readonly Offence[],
  strikes: number,
  policy: RulesPolicy,
): Verdict[] {
  const first = offences[0]
  if (!first) return []
  const step = escalate(strikes, policy.ads.warnings)
  const reason = offences.map((o) => o.reason).join('；')
  const evidence = offences.map((o) => o.evidence).join('；')
  const findings = offences.find((o) => o.findings)?.findings
  const ad = offences.find((o) => o.rule === 'ad')
  const common = {
    ...base,
    rule: first.rule,
    reason,
    evidence,
    strikes: step.strikes,
    ...(findings ? { findings } : {}),
    ...(ad?.text ? { text: ad.text } : {}),
    ...(ad?.assessment ? { assessment: ad.assessment } : {}),
  }
  if (step.kind === 'warn') {
    return [{ ...common, kind: 'warn', warningsLeft: step.warningsLeft, notice: { text: first.warning(step.warningsLeft), mentionIds: [base.memberId] } }]
  }
  const notice = { text: rulesMessages.removedNotice(base.memberName, rulesMessages.removedFor[first.rule]), mentionIds: [] }
  const out: Verdict[] = [{ ...common, kind: 'remove', warningsLeft: 0, notice }]
  if (policy.ads.blacklist && first.rule !== 'flood') out.push({ ...common, kind: 'blacklist' })
  return out
}

/**
 * The verdicts on one group message. In this order:
 * 1. spam — ads (`assessAd` says `ad`, or the text is a near-duplicate of a confirmed ad:
 *    `applyLabels`), the same message in `ads.crossGroup.groups`
 *    rooms, flood. One message earns one step of `ads.warnings` escalation however many of
 *    these it trips (a spammer's third copy is both an ad and cross-group: one strike):
 *    `warn` while strikes < warnings, else `remove`, plus `blacklist` when `ads.blacklist`
 *    and the removal is for an ad or cross-group spam (flooding alone is not banned
 *    everywhere). The verdict is named after the first rule tripped: ad, crossGroup, flood.
 *    With no spam but `assessAd` says `review`: one `review` verdict (no strike).
 * 2. a nickname reminder or warning (`nicknameVerdict`), when `input.nickname` is set and
 *    no spam verdict was given (one telling-off per message).
 * 3. `alert-hq` for watch-words — for exempt senders too: HQ wants to know when a leader
 *    or admin writes 退款 or 投诉 just as much; the alert does nothing to the sender.
 * Exempt senders get nothing else. Private messages get nothing. `rules.dryRun` is not
 * looked at: the caller reports verdicts instead of carrying them out.
 */
export function evaluateMessage(input: MessageInput): Verdict[] {
  const { message, policy } = input
  const roomId = message.roomId
  if (roomId === undefined) return []
  const memberName = shownName({ name: message.fromName, alias: message.fromAlias })
  const base = { memberId: message.fromId, roomId, memberName }
  const verdicts: Verdict[] = []

  if (!input.exempt) {
    const text = writtenText(message)
    const assessment = assess(message, input)
    const offences = [
      assessment.verdict === 'ad' ? adOffence(assessment, text) : undefined,
      crossGroupOffence(message, input),
      floodOffence(input),
    ].filter((o): o is Offence => o !== undefined)
    if (offences.length > 0) {
      verdicts.push(...spamVerdicts(base, offences, input.strikes, policy))
    } else if (assessment.verdict === 'review') {
      verdicts.push({
        ...base,
        kind: 'review',
        rule: 'ad',
        reason: rulesMessages.reasons.review,
        evidence: rulesMessages.excerpt(text ?? message.text),
        ...(text ? { text } : {}),
        assessment: { score: assessment.score, reasons: assessment.reasons },
      })
    }
    if (offences.length === 0 && input.nickname) {
      const verdict = nicknameVerdict({
        member: { id: message.fromId, name: message.fromName, alias: message.fromAlias },
        roomId,
        policy,
        strikes: input.nickname.strikes,
        now: input.now,
        joinedAt: input.nickname.joinedAt,
      })
      if (verdict) verdicts.push(verdict)
    }
  }

  if (policy.watchWords.length > 0) {
    const text = watchedText(message)
    const words = text ? matchWatchWords(text, input.compiled.watchWords) : []
    if (words.length > 0) {
      verdicts.push({ ...base, kind: 'alert-hq', rule: 'watchWord', reason: rulesMessages.reasons.watchWord(words), evidence: rulesMessages.excerpt(text) })
    }
  }
  return verdicts
}
