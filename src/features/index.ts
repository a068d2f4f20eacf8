import type { FeatureFactory } from '../feature'

/** The features of a running bot, in the order they see each message. */
export function defaultFeatures(): FeatureFactory[] {
  return []
}
