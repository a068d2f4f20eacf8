import type { AppContext, Feature } from '../feature'
import { followConfig } from '../config/follow-config'
import type { ActivityStore } from '../store/activity-store'
import { createRecorder } from './recorder'
import { registerInviteBoard } from './invite-board-command'
import { createReports, type LeaderNotes } from './reports'
import { createSilentRemoval } from './silent-removal'

export interface AnalyticsFeature extends Feature {
  /** the daily report's schedule, applied to the config in force (call it after a reload) */
  onConfigReload(): Promise<void>
  store: ActivityStore
  /** sends the daily report now, as the scheduler would at `at` */
  dailyReport(at: number): Promise<void>
}

/**
 * Activity records as messages arrive, `#报告 #积分榜 #邀请榜 #潜水`, the daily report
 * (`analytics.report`) and the silent-member clean-up.
 */
export function analyticsFeature(ctx: AppContext, opts: { leaderNotes: LeaderNotes }): AnalyticsFeature {
  const store = ctx.stores.activity
  const recorder = createRecorder(ctx, store)
  const reports = createReports(ctx, store, opts.leaderNotes)
  registerInviteBoard(ctx, store)
  const removal = createSilentRemoval(ctx, store)
  const follower = followConfig(ctx, 'daily report', () => reports.syncSchedule())

  return {
    name: 'analytics',
    store,
    dailyReport: (at) => reports.daily(at),
    onConfigReload: () => follower.now(),
    async middleware(c, next) {
      follower.check()
      await recorder.onMessage(c.message)
      await next()
    },
    onJoin: (e) => recorder.onJoin(e),
    onLeave: (e) => recorder.onLeave(e),
    async onLogin() {
      await recorder.onLogin()
      await follower.now().catch((err: Error) => ctx.logger.error({ err }, 'daily report: schedule failed'))
    },
    onOutcome: (jobId, data, outcome) => removal.onOutcome(jobId, data, outcome),
  }
}
