import type { AppContext } from '../feature'
import { analyticsPlugin } from '../analytics/analytics-plugin'
import { broadcastCommands } from '../hq/broadcast-commands'
import { groupCommands } from '../hq/group-commands'
import { hqFeature } from '../hq/hq-feature'
import { questionsPlugin } from '../hq/questions-plugin'
import { fromFeature, type Plugin } from '../plugin'
import { rulesPlugin } from '../rules/rules-plugin'
import { auditNicknames } from '../rules/nickname-audit'
import { entryPlugin } from '../entry/entry-plugin'
import { schedulePlugin } from '../schedule/schedule-plugin'
import { announcePlugin } from '../plugins/announce'

/**
 * The plugins of a running bot, applied in this order (messages meet them in the order of
 * src/pipeline/order.ts). Each owns the YAML section of its name, if any
 * (`PLUGIN_SECTIONS`, src/config/schema.ts). Plugins do not import one another
 * (test/unit/layers.test.ts); where one uses another's work, it is passed in here.
 * A legacy `FeatureFactory` joins with one line: `fromFeature('name', factory)`.
 */
export function defaultPlugins(): Plugin[] {
  return [
    fromFeature('hq', hqFeature), //                  the HQ router (#帮助), leaders' commands
    fromFeature('broadcast-commands', broadcastCommands), // #群发 #转发 #确认 #取消 #进度 #重试
    fromFeature('group-commands', (ctx) => groupCommands(ctx, { nicknameAudit: nicknameAudit(ctx) })), // #群列表 #标签 #规则
    rulesPlugin, //                                   rules:
    entryPlugin, //                                   entry:
    questionsPlugin, //                               questions:
    schedulePlugin, //                                schedules:
    analyticsPlugin(leaderNotes), //                  analytics:
    announcePlugin, //                                #群公告
  ]
}

/** `#规则 查看` lists who still has to fix their group nickname (the rules plugin's audit). */
const nicknameAudit = (ctx: AppContext) => async (roomId: string) => (await auditNicknames(ctx, roomId))?.text

/** A leader's report lists who still has to fix their group nickname (the rules plugin's audit). */
const leaderNotes = (ctx: AppContext) => async (roomId: string) => {
  const audit = await auditNicknames(ctx, roomId)
  return audit?.rows.length ? audit.text : undefined
}
