/**
 * The ad detector on the public data in ../shared/data/ads-external, held-out part only
 * (`isHeldOut`: the 20% the text model was not trained on). Each text goes through
 * `assessAd` with the default configuration; figures per source and per verdict.
 * Run `npx tsx bench/ads-external.ts [DATA_DIR]` to print the report as JSON.
 */
import { existsSync } from 'node:fs'
import { adsSchema } from '../src/config/schema'
import { assessAd, type AdVerdict } from '../src/core/ads/assess-ad'
import { compileAds, type AdsPolicy } from '../src/core/ads/detect-ad'
import type { InboundMessage } from '../src/core/types'
import { DEFAULT_EXTERNAL_DIR, isHeldOut, readExternalData, type LabelledText } from '../scripts/ads-data'

export interface SourceFigures {
  label: 'ad' | 'normal'
  texts: number
  verdicts: Record<AdVerdict, number>
  /** ads: share given `ad` (recall); normal: share given `ad` (ordinary flagged) */
  adShare: number
  /** the same with `review` counted as caught */
  adOrReviewShare: number
}

export interface ExternalReport {
  dataDir: string
  heldOut: { ads: number; normal: number }
  /** `ad` verdicts alone */
  ad: { precision: number; recall: number; ordinaryFlagged: number }
  /** `ad` and `review` both counted as caught */
  adOrReview: { precision: number; recall: number; ordinaryFlagged: number }
  bySource: Record<string, SourceFigures>
}

export function textMessage(text: string, id = 'm'): InboundMessage {
  return { id, roomId: 'bench@chatroom', fromId: 'wxid_bench', fromName: '成员', fromAlias: undefined, kind: 'text', text, mentionIds: [], mentionsSelf: false, timestamp: 0 }
}

/** The held-out texts, or undefined when the data is not there (the project works without it). */
export function loadHeldOut(dir = DEFAULT_EXTERNAL_DIR): LabelledText[] | undefined {
  if (!existsSync(dir)) return undefined
  return readExternalData(dir).filter((t) => isHeldOut(t.text))
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000)

export function evaluateExternal(texts: LabelledText[], policy: AdsPolicy = adsSchema.parse({}), dataDir = DEFAULT_EXTERNAL_DIR): ExternalReport {
  const compiled = compileAds(policy)
  const bySource: Record<string, SourceFigures> = {}
  const count = { ad: { ad: 0, review: 0, normal: 0 }, normal: { ad: 0, review: 0, normal: 0 } }
  texts.forEach((t, i) => {
    const { verdict } = assessAd(textMessage(t.text, `x${i}`), policy, compiled)
    const s = (bySource[t.source] ??= { label: t.label, texts: 0, verdicts: { ad: 0, review: 0, normal: 0 }, adShare: 0, adOrReviewShare: 0 })
    s.texts++
    s.verdicts[verdict]++
    count[t.label][verdict]++
  })
  for (const s of Object.values(bySource)) {
    s.adShare = ratio(s.verdicts.ad, s.texts)
    s.adOrReviewShare = ratio(s.verdicts.ad + s.verdicts.review, s.texts)
  }
  const ads = count.ad.ad + count.ad.review + count.ad.normal
  const normal = count.normal.ad + count.normal.review + count.normal.normal
  return {
    dataDir,
    heldOut: { ads, normal },
    ad: {
      precision: ratio(count.ad.ad, count.ad.ad + count.normal.ad),
      recall: ratio(count.ad.ad, ads),
      ordinaryFlagged: ratio(count.normal.ad, normal),
    },
    adOrReview: {
      precision: ratio(count.ad.ad + count.ad.review, count.ad.ad + count.ad.review + count.normal.ad + count.normal.review),
      recall: ratio(count.ad.ad + count.ad.review, ads),
      ordinaryFlagged: ratio(count.normal.ad + count.normal.review, normal),
    },
    bySource,
  }
}

if (require.main === module) {
  const dir = process.argv[2] ?? DEFAULT_EXTERNAL_DIR
  const texts = loadHeldOut(dir)
  if (!texts) console.log(JSON.stringify({ skipped: `${dir} not found` }))
  else console.log(JSON.stringify(evaluateExternal(texts, undefined, dir), null, 2))
}
