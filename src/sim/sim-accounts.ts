import { settle } from './settle'
import { outboundQueueName } from '../outbound/outbound-queue'
import type { SimBot } from './sim-bot'
import type { SimWorld } from './world'

/**
 * Several bot accounts in one process, one `SimBot` each (issue 11), seen by the scenario
 * runner as one bot: settled when every account is, stopped together. `app` is the first
 * account's; `accountsOf` gives each.
 */
export interface SimAccounts extends SimBot {
  accounts: SimBot[]
}

export async function startAccounts(world: SimWorld, starters: { botId: string; start: () => Promise<SimBot> }[]): Promise<SimAccounts> {
  const bots: SimBot[] = []
  try {
    // in turn: each account registers its groups at login before the next logs in
    for (const { start } of starters) bots.push(await start())
  } catch (err) {
    for (const b of bots) await b.stop().catch(() => undefined)
    throw err
  }
  // an account whose process was abandoned (a crash) has no work of its own any more: its
  // queue is left for the others to adopt once its lease expires
  const crashed = new Set<SimBot>()
  const accounts = bots.map(
    (b): SimBot => ({
      ...b,
      async abandon() {
        crashed.add(b)
        await b.abandon()
      },
    }),
  )
  const first = bots[0]!
  const all: SimAccounts = {
    accounts,
    app: first.app,
    qr: first.qr,
    async pending(horizonMs) {
      // shared queues (control, schedules) are counted once per account: only zero matters
      const detail: Record<string, number> = {}
      // an account logged out sends nothing until it logs in again: its queue is not work in hand
      for (const [i, b] of bots.entries()) {
        if (crashed.has(b)) continue
        const offline = !world.isLoggedIn(starters[i]!.botId)
        for (const [k, n] of Object.entries(await b.pending(horizonMs))) {
          if (offline && k === outboundQueueName(starters[i]!.botId)) continue
          detail[k] = (detail[k] ?? 0) + n
        }
      }
      return detail
    },
    settled: (timeoutMs, signal, aheadMs) => settle(all, timeoutMs, signal, undefined, undefined, aheadMs),
    delivered: (timeoutMs) => settle(all, timeoutMs, undefined, ['in transit', 'handlers']),
    async stop() {
      for (const b of bots) if (!crashed.has(b)) await b.stop()
    },
    async abandon() {
      for (const b of bots) if (!crashed.has(b)) await b.abandon()
    },
  }
  return all
}

/** each account's bot: the accounts of a multi-account run, else the one bot */
export function accountsOf(bot: SimBot): SimBot[] {
  return 'accounts' in bot ? (bot as SimAccounts).accounts : [bot]
}
