import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createAccountLease, type Holder } from '../accounts/account-lease'
import { holderGone, liveTokens, processIdentity, type ProcessIdentity } from '../accounts/process-identity'
import { createHeartbeat } from '../plugins/accounts/heartbeat'
import { accountProcessMessages } from '../texts/accounts'
import type { Keys } from '../store/keys'

/** This process may not serve its account (another one holds it, or WeChat logged in as another account): one line says why. */
export class AccountRefusedError extends Error {
  override readonly name = 'AccountRefusedError'
}

export interface AccountHoldDeps {
  client: Redis
  keys: Keys
  account: string
  /** `accounts.leaseMs`: the lease runs this long after the holder's last refresh (every third of it) */
  leaseMs: () => number
  logger: Logger
  /** wait for the holder to go instead of refusing (`--standby`) */
  standby: boolean
  /** this process (default: this host, pid and pid namespace, a fresh token) */
  me?: ProcessIdentity
  /** the lease was taken by another process while this one ran (it stalled past its lease): stop serving */
  onLost: (line: string) => void
  /** the wait ends without the account (the process is stopping) */
  signal?: AbortSignal
}

const describe = (h: Holder) => ({ host: h.host, pid: h.pid, since: new Date(h.since).toISOString() })

/**
 * One account, one process (issue 17): `acquire` takes the account's lease before the bot
 * starts, the heartbeat keeps it, `release` gives it back at a clean stop. A lease held by
 * another process: taken at once when that process is known gone (this host, its pid dead,
 * or a dead app of this very process); else watched: a holder that refreshes it is alive,
 * and this process refuses (or, as a standby, waits); one that does not refresh is dead or
 * stalled, and its lease is taken when it runs out.
 */
export function createAccountHold(deps: AccountHoldDeps) {
  const me = deps.me ?? processIdentity()
  const lease = createAccountLease({ redis: deps.client, keys: deps.keys, account: deps.account, me, ttlMs: deps.leaseMs })
  const log = deps.logger.child({ part: 'account-hold', account: deps.account })
  let holding = false
  let lost = false
  const pollMs = () => Math.max(50, Math.min(1000, Math.floor(deps.leaseMs() / 6)))

  const heartbeat = createHeartbeat(
    () => Math.floor(deps.leaseMs() / 3),
    async () => {
      if (!holding || lost) return
      const r = await lease.refresh()
      if (r.kind === 'retaken') log.warn('the account lease had run out (Redis unreachable or this process stalled) and nobody took it: held again')
      if (r.kind === 'lost') {
        lost = true
        holding = false
        liveTokens.delete(me.token)
        const line = accountProcessMessages.lost(deps.account, r.holder)
        log.error({ holder: r.holder && describe(r.holder) }, line)
        deps.onLost(line)
      }
    },
    (err) => log.warn({ err }, 'account lease refresh failed'),
  )

  /** a standby may wait for days: each pause leaves no listener behind */
  const sleep = (ms: number) =>
    new Promise<void>((done) => {
      const abort = () => (clearTimeout(timer), done())
      const timer = setTimeout(() => (deps.signal?.removeEventListener('abort', abort), done()), ms)
      deps.signal?.addEventListener('abort', abort, { once: true })
    })

  return {
    me,
    /**
     * Takes the account, or throws `AccountRefusedError` (a live holder, not a standby).
     * `taken` is false when `signal` aborted the wait; `replaced` is the holder seen before
     * (known gone, or its lease ran out while watched).
     */
    async acquire(): Promise<{ taken: boolean; replaced?: Holder }> {
      let watched: Holder | undefined
      let told = false
      for (;;) {
        if (deps.signal?.aborted) return { taken: false }
        // replaced only by compare-and-set on the token of a holder known gone
        const r = await lease.take(watched && holderGone(watched, me) ? watched : undefined)
        if (r.kind === 'taken') {
          holding = true
          liveTokens.add(me.token)
          heartbeat.start()
          if (watched) log.warn({ predecessor: describe(watched) }, 'took over the account from a process that is gone')
          else log.info('holds the account')
          return { taken: true, ...(watched ? { replaced: watched } : {}) }
        }
        const holder = r.holder
        if (holderGone(holder, me)) {
          watched = holder
          continue
        }
        // known alive here, or it refreshed its lease since the last look
        const alive = holderAliveHere(holder, me) || (watched?.token === holder.token && watched.beats !== holder.beats)
        if (alive && !deps.standby) throw new AccountRefusedError(accountProcessMessages.held(deps.account, holder))
        if (watched?.token !== holder.token || alive) watched = holder
        if (!told) {
          told = true
          log.warn(
            { holder: describe(holder) },
            deps.standby ? 'standby: another process holds the account; waiting for it to go' : 'another process holds the account and may be gone: waiting for its lease to be refreshed (then refusing) or to run out',
          )
        }
        await sleep(pollMs())
      }
    },
    /** a clean stop: the lease is given back at once (a standby takes over without waiting for it to run out) */
    async release(): Promise<void> {
      await heartbeat.stop()
      liveTokens.delete(me.token)
      if (holding) {
        holding = false
        await lease.release().catch((err: Error) => log.warn({ err }, 'account lease release failed: it runs out by itself'))
      }
    },
    /** a crash: the lease is left to run out (or to be taken by the next process of this host) */
    async abandon(): Promise<void> {
      holding = false
      liveTokens.delete(me.token)
      await heartbeat.stop()
    },
    holds: () => holding,
  }
}

export type AccountHold = ReturnType<typeof createAccountHold>

/** a holder on this host that is known alive: its process runs (another pid), or it is a live app of this process */
function holderAliveHere(holder: Holder, me: ProcessIdentity): boolean {
  return holder.host === me.host && holder.pidns === me.pidns && !holderGone(holder, me)
}
