import { definePlugin } from '../../plugin'
import { accountMessages } from '../../texts/accounts'
import { registerAccountCommands } from './account-commands'
import { returnGroups } from './return-groups'
import { createHeartbeat } from './heartbeat'

/** the control job that returns an account's groups after `accounts.returnAfterMs` */
const RETURN_JOB = 'accounts-return'
const IDLE_POLL_MS = 50
const IDLE_WAIT_MS = 15_000

/**
 * This account among several (issue 11): registers it and its rooms at login and keeps its
 * lease while logged in; when it logs out or WeChat refuses it (ban, rate limit), hands its
 * groups to the other online accounts in them, moves its queued actions there and tells HQ
 * once; when another account's lease expires (its process died), this process may be the
 * one (the reap script picks one) that fails that account over; `#账号`. The fleet is the
 * app's service `fleet`. First in the list: at login the account is registered before any
 * other plugin acts.
 */
export const accountsPlugin = definePlugin({
  name: 'accounts',
  inject: ['fleet'],
  apply(ctx) {
    const fleet = ctx.service('fleet')
    let failedOver = false

    /** the job in hand finishes (a send under way is settled by the ledger) before its queue is emptied */
    async function untilIdle(): Promise<void> {
      const end = Date.now() + IDLE_WAIT_MS
      while ((await ctx.outbound.queue.getActiveCount()) > 0 && Date.now() < end) {
        await new Promise((done) => setTimeout(done, IDLE_POLL_MS))
      }
    }

    /** each of `served` goes to another online account in it, else is left; HQ is told once, under `jobId` */
    async function handOn(who: string, served: string[], reason: string, jobId: string, moveJobs: () => Promise<number>): Promise<void> {
      const moved: string[] = []
      const left: string[] = []
      const away: [string, string][] = []
      for (const room of served) {
        const to = await fleet.serving.resolve(room)
        if (to && to !== who) {
          moved.push(room)
          away.push([room, to])
        } else left.push(room)
      }
      const jobs = await moveJobs()
      await fleet.movedAway(who).add(away)
      ctx.logger.warn({ account: who, groups: moved.length, left: left.length, jobs }, 'failover done')
      const topic = async (room: string) => (await ctx.registry.get(room))?.topic ?? room
      const text = accountMessages.failover({
        account: who,
        reason,
        moved: await Promise.all(moved.map(topic)),
        left: await Promise.all(left.map(topic)),
      })
      await ctx.hq.say(text, jobId)
    }

    async function failover(reason: string, error?: string): Promise<void> {
      if (failedOver || !fleet.enabled()) return
      failedOver = true
      const me = fleet.account
      // no refresh may put the account back online once it is going offline
      await heartbeat.stop()
      ctx.logger.warn({ account: me, reason }, 'account out of service: its groups go to other accounts')
      // read before going offline: from then on any process may hand these rooms on
      const served = await fleet.serving.servedBy(me)
      await fleet.serving.offline(error)
      await ctx.outbound.pause()
      await untilIdle()
      await handOn(me, served, reason, `failover-${me}-${ctx.now()}`, async () => (await ctx.outbound.moveQueued()).length)
    }

    /** dead accounts whose queue still holds a job under a live lock: tried again at each beat */
    const adopting = new Set<string>()
    async function adopt(who: string): Promise<number> {
      // no process holds the account any more (its account lease expired too): its locks are orphaned
      const r = await ctx.outbound.adoptQueued(who, !(await fleet.held(who)))
      if (r.locked) adopting.add(who)
      else adopting.delete(who)
      return r.moved + r.settled
    }

    /** another account's process stopped keeping its lease: this process alone (the reap script chose it) fails it over */
    async function takeOver(who: string, expiredAt: number): Promise<void> {
      ctx.logger.warn({ account: who, expiredAt }, 'account lease expired: its groups go to other accounts')
      const served = await fleet.serving.servedBy(who)
      const reason = accountMessages.lost(ctx.config().accounts.leaseMs)
      await handOn(who, served, reason, `lost-${who}-${expiredAt}`, () => adopt(who))
    }

    /** once per time away: the job id names the time the account went offline */
    async function tellBack(offlineSince: number): Promise<void> {
      const me = fleet.account
      await ctx.hq.say(accountMessages.backOnline(me, Math.max(0, ctx.now() - offlineSince)), `back-${me}-${offlineSince}`)
    }

    const heartbeat = createHeartbeat(
      () => Math.floor(ctx.config().accounts.leaseMs / 3),
      async () => {
        if (fleet.closed()) return void (await heartbeat.stop())
        const offlineSince = await fleet.status.offlineSince(fleet.account)
        // taken for dead while alive (a stalled process): online again, and HQ is told
        if ((await fleet.serving.refreshLease()).back && offlineSince !== undefined) await tellBack(offlineSince)
        for (const r of await fleet.serving.reapExpired()) await takeOver(r.account, r.expiredAt)
        for (const who of [...adopting]) {
          if (await fleet.status.isOnline(who)) adopting.delete(who)
          else await adopt(who)
        }
      },
      (err) => ctx.logger.error({ err }, 'account lease beat failed'),
    )

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
      if (r.kind === 'done') await ctx.hq.say(accountMessages.backDone(account, r.moved, r.stayed))
    })
    fleet.onRefused((error) => {
      failover(accountMessages.refused(error), error).catch((err: Error) => ctx.logger.error({ err }, 'failover failed'))
    })

    ctx.on('login', async (selfId) => {
      failedOver = false
      if (!fleet.enabled()) return
      const me = fleet.account
      const offlineSince = await fleet.status.offlineSince(me)
      await fleet.loggedIn((await ctx.view.listGroups()).map((g) => g.roomId), selfId)
      heartbeat.start()
      // back after being offline (logged out, refused, or taken for dead): told once per time away
      if (offlineSince !== undefined) await tellBack(offlineSince)
      if ((await fleet.movedAway(me).read()).length) await scheduleReturn(me)
    })
    ctx.on('logout', async () => {
      await failover(accountMessages.wentOffline)
    })
    ctx.on('stop', async () => {
      await heartbeat.stop()
    })
  },
})
