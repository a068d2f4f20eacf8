import type { AppContext, FeatureFactory } from '../feature'
import { broadcastCommands } from '../hq/broadcast-commands'
import { groupCommands } from '../hq/group-commands'
import { hqFeature } from '../hq/hq-feature'
import { questionsFeature } from '../hq/questions'
import { scheduleFeature } from '../schedule/schedule-feature'
import { analyticsFeature } from '../analytics/analytics-feature'
import { rulesFeature } from '../rules/rules-feature'
import { auditNicknames } from '../rules/nickname-audit'

/**
 * The features of a running bot, in the order they see each message. Features do not import
 * one another (test/unit/layers.test.ts); where one uses another's work, it is passed in here.
 */
export function defaultFeatures(): FeatureFactory[] {
  return [
    hqFeature,
    broadcastCommands,
    (ctx) => groupCommands(ctx, { nicknameAudit: async (roomId) => (await auditNicknames(ctx, roomId))?.text }),
    rulesFeature,
    questionsFeature,
    scheduleFeature,
    (ctx) => analyticsFeature(ctx, { leaderNotes: leaderNotes(ctx) }),
  ]
}

/** A leader's report lists who still has to fix their group nickname (the rules feature's audit). */
const leaderNotes = (ctx: AppContext) => async (roomId: string) => {
  const audit = await auditNicknames(ctx, roomId)
  return audit?.rows.length ? audit.text : undefined
}
