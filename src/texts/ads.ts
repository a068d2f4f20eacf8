/**
 * Texts of the ad verdict that operators read in HQ: the reasons behind `ad` and `review`
 * (src/core/ads/assess-ad.ts). Members never see these.
 */
import type { AdFindingView } from './rules'
import { adKindNames } from './rules'

export const adsMessages = {
  reasons: {
    finding: (f: AdFindingView) => `${adKindNames[f.kind]} ${f.evidence}`,
    invitation: (words: string[]) => `邀请私聊 ${words.map((w) => `「${w}」`).join('')}`,
    domain: (domains: string[]) => `疑似网址 ${domains.join(' ')}`,
    model: (score: number) => `文字像广告 ${score.toFixed(2)}`,
    /** a contact or link named in what reads like a warning to the group (issue 19) */
    warning: '像是在提醒大家防骗',
  },
}
