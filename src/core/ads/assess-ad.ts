import type { InboundMessage } from '../types'
import { detectAd, type AdFinding, type AdsPolicy, type CompiledAds } from './detect-ad'

/**
 * The detector's one answer for a message: `ad` is acted on per policy (warn → remove →
 * blacklist); `review` does nothing in the group and asks HQ; `normal` passes.
 * `score` is the combined evidence in [0, 1]; `reasons` are short Chinese lines for HQ.
 */
export type AdVerdict = 'ad' | 'review' | 'normal'

export interface AdAssessment {
  verdict: AdVerdict
  score: number
  reasons: string[]
  findings: AdFinding[]
}

/**
 * The rules' findings turned into a verdict. This first version knows only the rules (any
 * finding is an ad); the learned model and the review zone are combined in here.
 */
export function assessAd(msg: InboundMessage, policy: AdsPolicy, compiled: CompiledAds): AdAssessment {
  const findings = detectAd(msg, policy, compiled)
  if (findings.length === 0) return { verdict: 'normal', score: 0, reasons: [], findings }
  return { verdict: 'ad', score: 1, reasons: findings.map((f) => `${f.kind}: ${f.evidence}`), findings }
}
