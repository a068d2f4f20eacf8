import { analyticsPlugin } from './analytics/index'
import { announcePlugin } from './announce'
import { entryPlugin } from './entry/index'
import { faqPlugin } from './faq/index'
import { accountsPlugin } from './accounts/index'
import { broadcastCommandsPlugin } from './broadcast-commands/index'
import { consolePlugin } from './console-command/index'
import { groupCommandsPlugin } from './group-commands/index'
import { hqPlugin } from './hq/index'
import { mediaCommandsPlugin } from './media-commands/index'
import { questionsPlugin } from './questions/index'
import type { Plugin } from '../plugin'
import { createRulesPlugin, type RulesOptions } from './rules/index'
import { schedulePlugin } from './schedules/index'
import { sopPlugin } from './sop/index'

/**
 * Every plugin of a running bot: the one complete list. Applied in this order (a plugin
 * after the providers of the services it injects, src/wiring/plugin-host.ts); events reach
 * them in this order; messages meet them in the order of src/pipeline/order.ts. Each owns
 * the YAML section of its name, if any (`PLUGIN_SECTIONS`, src/config/schema.ts). Plugins
 * import no other plugin (test/unit/layers.test.ts): one uses another's work through a
 * service (`inject`, `provide`: src/plugin.ts). A new capability is a folder under
 * src/plugins/ and one line here.
 */
export function defaultPlugins(opts: { rules?: RulesOptions } = {}): Plugin[] {
  const rulesPlugin = createRulesPlugin(opts.rules)
  return [
    accountsPlugin, //           accounts: login, lease, failover, #账号 (injects fleet); first, so the account is registered before others act
    hqPlugin, //                 the HQ router (#帮助), leaders' commands
    broadcastCommandsPlugin, //  #广播 #转发 #确认 #取消 #进度 #重发
    announcePlugin, //           #群公告: announcements sent as a broadcast
    groupCommandsPlugin, //      #群列表 #标签 #规则 (injects nicknameAudit)
    rulesPlugin, //              rules: (provides nicknameAudit)
    entryPlugin, //              entry:
    questionsPlugin, //          questions: (provides questions)
    faqPlugin, //                faq: #FAQ #误答, answers before HQ (injects questions)
    schedulePlugin, //           schedules:
    sopPlugin, //                sop: timelines relative to a group's or member's day 0 (injects media)
    analyticsPlugin, //          analytics: (injects nicknameAudit)
    mediaCommandsPlugin, //      #素材: the media library (injects media)
    consolePlugin, //            #控制台 (injects console)
  ]
}
