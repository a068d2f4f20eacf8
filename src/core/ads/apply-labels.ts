import { rulesMessages } from '../../texts/rules'
import type { AdAssessment } from './assess-ad'

/** The nearest text a moderator labelled (`#广告` / `#误判`), as the labelled store's index found it. */
export interface LabelMatch {
  label: 'ad' | 'normal'
  /** where the label came from: the case id (R12) or `引用` for a quoted message */
  source: string
  /** 0..1, 1 for the same normalised text */
  similarity: number
}

/**
 * What moderators taught changes the detector's answer at once:
 * - a near-duplicate of a confirmed ad is an ad, whatever the detector thought, with the
 *   reason 「与已确认广告相似 R12」;
 * - a near-duplicate of a released text is not flagged by the detector's judgement alone:
 *   `review` becomes `normal`, and so does an `ad` with no rule findings (a model score).
 *   Rule findings (a link, a contact, a keyword) still stand: the operator changes the
 *   rule (`allowDomains`, `keywords`) for those.
 */
export function applyLabels(assessment: AdAssessment, match: LabelMatch | undefined): AdAssessment {
  if (!match) return assessment
  if (match.label === 'ad') {
    return {
      ...assessment,
      verdict: 'ad',
      score: Math.max(assessment.score, match.similarity),
      reasons: [rulesMessages.reasons.similarToAd(match.source), ...assessment.reasons],
    }
  }
  if (assessment.verdict === 'review' || (assessment.verdict === 'ad' && assessment.findings.length === 0)) {
    return { ...assessment, verdict: 'normal', reasons: [rulesMessages.reasons.similarToReleased(match.source), ...assessment.reasons] }
  }
  return assessment
}
