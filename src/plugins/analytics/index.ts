import { analyticsSection } from '../../config/sections/analytics'
import { followConfig } from '../../config/follow-config'
import { definePlugin, type PluginContext } from '../../plugin'
import { createRecorder } from './recorder'
import { registerInviteBoard } from './invite-board-command'
import { createReports } from './reports'
import { createSilentRemoval } from './silent-removal'

/**
 * Activity records as messages arrive, `#报告 #积分榜 #邀请榜 #潜水`, the daily report
 * (`analytics.report`) and the silent-member clean-up. A leader's report lists who still has
 * to fix their group nickname: the rules plugin's service `nicknameAudit`, read at each report.
 */
function applyAnalytics(ctx: PluginContext): void {
  const opts = {
    leaderNotes: async (roomId: string) => {
      const audit = await ctx.service('nicknameAudit')(roomId)
      return audit?.missing ? audit.text : undefined
    },
  }
  const store = ctx.stores.activity
  const recorder = createRecorder(ctx, store)
  const reports = createReports(ctx, store, opts.leaderNotes)
  registerInviteBoard(ctx, store)
  const removal = createSilentRemoval(ctx, store)
  const follower = followConfig(ctx, 'daily report', () => reports.syncSchedule())

  // the daily report's schedule, applied to the config in force
  ctx.on('configReload', () => follower.now())
  ctx.middleware(async (c, next) => {
    follower.check()
    await recorder.onMessage(c.message)
    await next()
  })
  ctx.on('join', (e) => recorder.onJoin(e))
  ctx.on('leave', (e) => recorder.onLeave(e))
  ctx.on('login', async () => {
    await recorder.onLogin()
    await follower.now().catch((err: Error) => ctx.logger.error({ err }, 'daily report: schedule failed'))
  })
  ctx.on('outcome', (jobId, data, outcome) => removal.onOutcome(jobId, data, outcome))
}

/** Activity records, reports, points; owns `analytics:`. */
export const analyticsPlugin = definePlugin({ name: 'analytics', Config: analyticsSection, inject: ['nicknameAudit'], apply: applyAnalytics })
