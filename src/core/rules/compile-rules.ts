import type { RulesPolicy } from '../../config/schema'
import type { TextScorer } from '../ads/deployment-model'
import { compileAds, type AdsPolicy, type CompiledAds } from '../ads/detect-ad'
import { sharedTextModel } from '../ads/shipped-text-model'
import { compileWatchWords, type CompiledWatchWords } from '../ads/watch-words'

/** A group's policy turned into matchers once (keyword automata), so each message is one pass. */
export interface CompiledRules {
  ads: CompiledAds
  watchWords: CompiledWatchWords
}

// keyed by identity: `effectivePolicy` shares unchanged parts, so groups share matchers;
// and by model, so two apps in one process (tests, the simulator) never share a deployment's model
const adsMemo = new WeakMap<TextScorer, WeakMap<AdsPolicy, CompiledAds>>()
const watchMemo = new WeakMap<string[], CompiledWatchWords>()

/** `model`: the deployment's model (shipped + learned); the shipped model alone by default. */
export function compileRules(policy: RulesPolicy, model: TextScorer = sharedTextModel()): CompiledRules {
  let byPolicy = adsMemo.get(model)
  if (!byPolicy) adsMemo.set(model, (byPolicy = new WeakMap()))
  let ads = byPolicy.get(policy.ads)
  if (!ads) {
    ads = compileAds(policy.ads, model)
    byPolicy.set(policy.ads, ads)
  }
  let watchWords = watchMemo.get(policy.watchWords)
  if (!watchWords) {
    watchWords = compileWatchWords(policy.watchWords)
    watchMemo.set(policy.watchWords, watchWords)
  }
  return { ads, watchWords }
}
