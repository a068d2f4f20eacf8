import type { FeatureFactory } from '../feature'
import { broadcastCommands } from '../hq/broadcast-commands'
import { groupCommands } from '../hq/group-commands'
import { hqFeature } from '../hq/hq-feature'
import { questionsFeature } from '../hq/questions'
import { scheduleFeature } from '../schedule/schedule-feature'
import { analyticsFeature } from '../analytics/analytics-feature'
import { rulesFeature } from '../rules/rules-feature'

/** The features of a running bot, in the order they see each message. */
export function defaultFeatures(): FeatureFactory[] {
  return [hqFeature, broadcastCommands, groupCommands, rulesFeature, questionsFeature, scheduleFeature, analyticsFeature]
}
