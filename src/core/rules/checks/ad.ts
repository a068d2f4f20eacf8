import { rulesMessages } from '../../../texts/rules'
import { applyLabels } from '../../ads/apply-labels'
import { assessAd, type AdAssessment } from '../../ads/assess-ad'
import type { InboundMessage } from '../../types'
import type { MessageInput, Offence, SpamCheck } from './check'

/** What the sender wrote, for the labelled store and HQ: a text, or a link card's title and description. */
export function writtenText(message: InboundMessage): string | undefined {
  if (message.kind === 'text') return message.body ?? message.text
  if (message.kind === 'url') return [message.url?.title ?? message.text, message.url?.description ?? ''].filter(Boolean).join('\n')
  return undefined
}

// one assessment per message input: the newcomer check reads the same findings (issue 20: no second scan)
const assessed = new WeakMap<MessageInput, AdAssessment>()

/** The detector's verdict with what moderators taught applied (`applyLabels`), once per input. */
export function adAssessmentOf(input: MessageInput): AdAssessment {
  const known = assessed.get(input)
  if (known) return known
  const raw = assessAd(input.message, input.policy.ads, input.compiled.ads)
  const assessment = input.policy.ads.enabled ? applyLabels(raw, input.labelMatch) : raw
  assessed.set(input, assessment)
  return assessment
}

/** An ad as an offence: the rule findings' wording when there are findings, else the assessment's reasons. */
export function adOffence(a: Pick<AdAssessment, 'findings' | 'reasons' | 'score'>, text: string | undefined): Offence<'ad'> {
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

/**
 * Ads: `assessAd` says `ad`, or the text is a near-duplicate of a confirmed ad
 * (`applyLabels`). When it says `review` the offence is a weak one: HQ reviews it, no strike.
 */
export const adCheck: SpamCheck<'ad'> = {
  rule: 'ad',
  spam: true,
  removedFor: rulesMessages.removedFor.ad,
  blacklists: true,
  offence(input) {
    const text = writtenText(input.message)
    const assessment = adAssessmentOf(input)
    if (assessment.verdict === 'ad') return adOffence(assessment, text)
    if (assessment.verdict !== 'review') return undefined
    return {
      rule: 'ad',
      review: true,
      reason: rulesMessages.reasons.review,
      evidence: rulesMessages.excerpt(text ?? input.message.text),
      warning: () => '',
      ...(text ? { text } : {}),
      assessment: { score: assessment.score, reasons: assessment.reasons },
    }
  },
}
