import type { FeatureFactory } from '../feature'
import { broadcastCommands } from '../hq/broadcast-commands'
import { groupCommands } from '../hq/group-commands'
import { hqFeature } from '../hq/hq-feature'
import { questionsFeature } from '../hq/questions'

/** The features of a running bot, in the order they see each message. */
export function defaultFeatures(): FeatureFactory[] {
  return [hqFeature, broadcastCommands, groupCommands, questionsFeature]
}
