import type { RulesPolicy } from '../../config/schema'
import { compileAds, type AdsPolicy, type CompiledAds } from '../ads/detect-ad'
import { compileWatchWords, type CompiledWatchWords } from '../ads/watch-words'

/** A group's policy turned into matchers once (keyword automata), so each message is one pass. */
export interface CompiledRules {
  ads: CompiledAds
  watchWords: CompiledWatchWords
}

// keyed by identity: `effectivePolicy` shares unchanged parts, so groups share matchers
const adsMemo = new WeakMap<AdsPolicy, CompiledAds>()
const watchMemo = new WeakMap<string[], CompiledWatchWords>()

export function compileRules(policy: RulesPolicy): CompiledRules {
  let ads = adsMemo.get(policy.ads)
  if (!ads) {
    ads = compileAds(policy.ads)
    adsMemo.set(policy.ads, ads)
  }
  let watchWords = watchMemo.get(policy.watchWords)
  if (!watchWords) {
    watchWords = compileWatchWords(policy.watchWords)
    watchMemo.set(policy.watchWords, watchWords)
  }
  return { ads, watchWords }
}
