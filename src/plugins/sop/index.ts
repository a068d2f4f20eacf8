import { ensureJobScheduler } from '../../queue/job-schedulers'
import { sopSection } from '../../config/sections/sop'
import { definePlugin } from '../../plugin'
import { CAP_JOB, createSop, STEP_JOB, SYNC_JOB } from './sop'
import { sopCommand, sopHandler } from './sop-command'
import { sopPage } from './sop-page'

/**
 * `sop:` — SOP timelines (issue 21, item 3; docs/sop.md): content plans relative to a
 * group's day 0 or each member's join day, every step through the paced queue exactly once.
 * Injects the media library for `media:` steps.
 */
export const sopPlugin = definePlugin({
  name: 'sop',
  Config: sopSection,
  inject: ['media', 'console'],
  apply(ctx) {
    const sop = createSop(ctx)
    ctx.job(STEP_JOB, (data) => sop.onStep(data))
    ctx.job(SYNC_JOB, () => sop.sync(false))
    ctx.on('join', (e) => sop.onJoin(e))
    ctx.on('outcome', (jobId, _data, outcome) => sop.onOutcome(jobId, outcome))
    ctx.job(CAP_JOB, (data) => sop.onCapReport(data))
    ctx.on('capHeld', (jobId) => sop.onCapHeld(jobId))
    ctx.on('start', async () => {
      // hourly: groups newly under a timeline (a tag, a group the bot made) get their day 0
      await ensureJobScheduler(ctx.control.queue, SYNC_JOB, { pattern: '0 * * * *', tz: ctx.config().timezone }, { name: SYNC_JOB, data: {} })
      await sop.sync(true)
    })
    ctx.on('configReload', () => sop.sync(true))
    ctx.command(sopCommand, sopHandler(ctx, sop))
    // the console page (/p/sop): the grid groups × steps and one group's dated plan, read-only
    ctx.onDispose(ctx.service('console').page(sopPage(ctx, sop)))
  },
})
