import type { Fleet } from '../accounts/fleet'
import type { FeatureFactory } from '../feature'
import { accountMessages } from '../messages/accounts'
import { registerAccountCommands } from './account-commands'
import { returnGroups } from './return-groups'

/** the control job that returns an account's groups after `accounts.returnAfterMs` */
const RETURN_JOB = 'accounts-return'
const IDLE_POLL_MS = 50
const IDLE_WAIT_MS = 15_000

/**
 * This account among several (issue 11): registers it and its rooms at login; when it
 * logs out or WeChat refuses it (ban, rate limit), hands its groups to the other online
 * accounts in them, moves its queued actions there and tells HQ once; `#账号`.
 */
export function accountsFeature(fleet: Fleet): FeatureFactory {
  return (ctx) => {
    let failedOver = false

    /** the job in hand finishes (a send under way is settled by the ledger) before its queue is emptied */
    async function untilIdle(): Promise<void> {
      const end = Date.now() + IDLE_WAIT_MS
      while ((await ctx.outbound.queue.getActiveCount()) > 0 && Date.now() < end) {
        await new Promise((done) => setTimeout(done, IDLE_POLL_MS))
      }
    }

    async function failover(reason: string, error?: string): Promise<void> {
      if (failedOver || !fleet.enabled()) return
      failedOver = true
      const me = fleet.account
      ctx.logger.warn({ account: me, reason }, 'account out of service: its groups go to other accounts')
      // read before going offline: from then on any process may hand these rooms on
      const served = await fleet.serving.servedBy(me)
      await fleet.serving.offline(error)
      await ctx.outbound.pause()
      await untilIdle()
      const moved: string[] = []
      const left: string[] = []
      const away: [string, string][] = []
      for (const room of served) {
        const to = await fleet.serving.resolve(room)
        if (to && to !== me) {
          moved.push(room)
          away.push([room, to])
        } else left.push(room)
      }
      const jobs = await ctx.outbound.moveQueued()
      await fleet.movedAway(me).add(away)
      ctx.logger.warn({ account: me, groups: moved.length, left: left.length, jobs: jobs.length }, 'failover done')
      const topic = async (room: string) => (await ctx.registry.get(room))?.topic ?? room
      const text = accountMessages.failover({
        account: me,
        reason,
        moved: await Promise.all(moved.map(topic)),
        left: await Promise.all(left.map(topic)),
      })
      await ctx.tellHq(text, `failover-${me}-${ctx.now()}`)
    }

    registerAccountCommands(ctx, fleet)

    /** after the quiet period: the groups go back, or wait another period while a broadcast runs */
    async function scheduleReturn(account: string): Promise<void> {
      const delayMs = ctx.config().accounts.returnAfterMs
      if (delayMs > 0) await ctx.control.add(RETURN_JOB, { account }, { jobId: `${RETURN_JOB}-${account}-${ctx.now()}`, delayMs })
    }
    ctx.control.on(RETURN_JOB, async (data) => {
      const account = String(data.account)
      const r = await returnGroups(ctx, fleet, account)
      if (r.kind === 'mid-broadcast') await scheduleReturn(account)
      if (r.kind === 'done') await ctx.tellHq(accountMessages.backDone(account, r.moved, r.stayed))
    })
    fleet.onRefused((error) => {
      failover(accountMessages.refused(error), error).catch((err: Error) => ctx.logger.error({ err }, 'failover failed'))
    })

    return {
      name: 'accounts',
      async onLogin(selfId) {
        failedOver = false
        await fleet.loggedIn((await ctx.view.listGroups()).map((g) => g.roomId), selfId)
        if ((await fleet.movedAway(fleet.account).read()).length) await scheduleReturn(fleet.account)
      },
      async onLogout() {
        await failover(accountMessages.wentOffline)
      },
    }
  }
}
