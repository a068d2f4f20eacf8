import { adsMessages } from '../../texts/ads'
import type { InboundMessage } from '../types'
import { deobfuscate } from './deobfuscate'
import { detectAd, writtenText, type AdFinding, type AdsPolicy, type CompiledAds } from './detect-ad'
import { findAmbiguousDomains } from './disguised-links'
import { findInvitations } from './find-invitations'
import { hostOf, isAllowedHost } from './find-links'
import { isWarning } from './keyword-context'
import { canonicalVariants, cleanText } from './normalize-text'

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
 * How far one kind of weak evidence (an invitation to message privately, a bare domain
 * under an ambiguous TLD) moves the model's log-odds, beyond putting the message up for
 * review: a text the model already finds half ad-like (0.5) becomes an ad (0.9).
 */
export const WEAK_EVIDENCE_LOGIT = 2.2
/** the score of a message with a rules finding (a link, a contact, a keyword…) */
const FINDING_SCORE = 0.99
/**
 * Findings a member warning the group names (「别加那个 vx: abc123，他是骗子」, 「这种网站都是
 * 骗局」): in a warning they send the message to review, not to removal. An ad that wears a
 * disclaimer (「谨防诈骗，认准官方微信…」) is caught either way; HQ decides.
 */
const NAMED_IN_WARNINGS = new Set<AdFinding['kind']>(['contact', 'link'])

const logit = (p: number): number => Math.log(p / (1 - p))
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))
const round2 = (x: number): number => Math.round(x * 100) / 100

/**
 * The rules' findings, the weak evidence and the text model's score as one verdict:
 * - any rules finding (link, mini-program, card, QR, keyword, contact) → `ad`, except that
 *   a member's warning about a scam (`isWarning`) naming only contacts and links → `review`;
 * - otherwise the combined score — the model's probability, lifted by
 *   WEAK_EVIDENCE_LOGIT per kind of weak evidence and then to at least `reviewAt` when
 *   there is any — against `policy.adAt` (→ `ad`) and `policy.reviewAt` (→ `review`).
 * With `policy.model` off the model counts as 0 (only findings and weak evidence count).
 */
export function assessAd(msg: InboundMessage, policy: AdsPolicy, compiled: CompiledAds): AdAssessment {
  if (!policy.enabled) return { verdict: 'normal', score: 0, reasons: [], findings: [] }
  const findings = detectAd(msg, policy, compiled)
  const written = writtenText(msg)

  const reasons = findings.map(adsMessages.reasons.finding)
  let weak = 0
  /** what the model reads: the text without the invitation, which counts as weak evidence already */
  let modelInput = written
  if (written) {
    // the contact finders have just folded this text: `deobfuscate` returns it from memory
    const folded = deobfuscate(written)
    const invitations = findInvitations(folded)
    if (invitations.length > 0) {
      weak++
      reasons.push(adsMessages.reasons.invitation(invitations))
      modelInput = invitations.reduce((t, w) => t.split(w).join(' '), folded)
    }
    const domains = policy.links ? findAmbiguousDomains(folded).filter((d) => !isAllowedHost(hostOf(d), compiled.allowDomains)) : []
    if (domains.length > 0) {
      weak++
      reasons.push(adsMessages.reasons.domain(domains))
    }
  }

  // a member warning the group names the scam's words: its wording alone never flags it
  // (read only when it could change the answer: most messages have no finding and a low score)
  let warned: boolean | undefined
  const warning = () => (warned ??= written !== '' && isWarning(canonicalVariants(cleanText(written))))
  const modelScore = policy.model && written ? compiled.model.score(modelInput) : 0
  const modelSays = modelScore > policy.reviewAt / 2 && warning() ? policy.reviewAt / 2 : modelScore
  // weak evidence alone is enough for a review; with ad-like wording it can make an ad
  const combined = weak === 0 ? modelSays : Math.max(policy.reviewAt, sigmoid(logit(Math.min(Math.max(modelSays, 1e-6), 1 - 1e-6)) + weak * WEAK_EVIDENCE_LOGIT))
  // …and the contacts and links it names put it up for review, not removal
  const named = findings.length > 0 && findings.every((f) => NAMED_IN_WARNINGS.has(f.kind)) && warning()
  const proof = findings.length > 0 && !named
  const score = round2(proof ? Math.max(combined, FINDING_SCORE) : named ? Math.max(policy.reviewAt, Math.min(combined, policy.adAt - 0.01)) : combined)

  const verdict = proof || score >= policy.adAt ? 'ad' : score >= policy.reviewAt || named ? 'review' : 'normal'
  if (verdict === 'normal') return { verdict, score, reasons: [], findings }
  if (named) reasons.push(adsMessages.reasons.warning)
  if (policy.model && written) reasons.push(adsMessages.reasons.model(modelScore))
  return { verdict, score, reasons, findings }
}
