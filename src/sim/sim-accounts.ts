import pino from 'pino'
import { settle } from './settle'
import { outboundQueueName } from '../outbound/outbound-queue'
import { createAccountsHost } from '../wiring/accounts-host'
import type { SimBot } from './sim-bot'
import type { SimWorld } from './world'

/**
 * Several bot accounts, one `SimBot` each (issue 11), seen by the scenario runner as one
 * bot: settled when every account is, stopped together. `app` is the first account's;
 * `accountsOf` gives each. With `supervised` (the accounts of one process, issue 23) an
 * account whose puppet crashes is stopped, HQ told, and started again after `restartMs`
 * (the accounts host of `QUNHQ_ACCOUNTS`).
 */
export interface SimAccounts extends SimBot {
  accounts: SimBot[]
}

export async function startAccounts(
  world: SimWorld,
  starters: { botId: string; start: () => Promise<SimBot> }[],
  supervised?: { restartMs: number },
): Promise<SimAccounts> {
  if (supervised) return superviseAccounts(world, starters, supervised.restartMs)
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
    crashPuppet: () => first.crashPuppet(),
    crashed: first.crashed,
    pending: (horizonMs) => pendingOf(world, bots.flatMap((b, i) => (crashed.has(b) ? [] : [{ bot: b, botId: starters[i]!.botId }])), horizonMs),
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

async function pendingOf(world: SimWorld, bots: { bot: SimBot; botId: string }[], horizonMs: number): Promise<Record<string, number>> {
  // shared queues (control, schedules) are counted once per account: only zero matters
  const detail: Record<string, number> = {}
  // an account logged out sends nothing until it logs in again: its queue is not work in hand
  for (const { bot, botId } of bots) {
    const offline = !world.isLoggedIn(botId)
    for (const [k, n] of Object.entries(await bot.pending(horizonMs))) {
      if (offline && k === outboundQueueName(botId)) continue
      detail[k] = (detail[k] ?? 0) + n
    }
  }
  return detail
}

/** the accounts under the accounts host: `accounts` are the ones running now (a restarted account's new bot) */
async function superviseAccounts(world: SimWorld, starters: { botId: string; start: () => Promise<SimBot> }[], restartMs: number): Promise<SimAccounts> {
  const bots = new Map<string, SimBot>()
  const host = createAccountsHost({
    ids: starters.map((s) => s.botId),
    logger: pino({ level: 'silent' }),
    backoff: { firstMs: restartMs, maxMs: restartMs * 8 },
    async start(id) {
      const b = await starters.find((s) => s.botId === id)!.start()
      bots.set(id, b)
      return { app: b.app, crashed: b.crashed, stop: () => b.stop() }
    },
  })
  await host.start()
  const live = () => starters.flatMap(({ botId }) => (host.running().has(botId) ? [{ bot: bots.get(botId)!, botId }] : []))
  const first = () => live()[0]!.bot
  const all: SimAccounts = {
    get accounts() {
      return live().map((l) => l.bot)
    },
    get app() {
      return first().app
    },
    get qr() {
      return first().qr
    },
    crashPuppet: () => first().crashPuppet(),
    get crashed() {
      return first().crashed
    },
    pending: (horizonMs) => pendingOf(world, live(), horizonMs),
    settled: (timeoutMs, signal, aheadMs) => settle(all, timeoutMs, signal, undefined, undefined, aheadMs),
    delivered: (timeoutMs) => settle(all, timeoutMs, undefined, ['in transit', 'handlers']),
    stop: () => host.stop(),
    async abandon() {
      for (const { bot } of live()) await bot.abandon()
      await host.stop()
    },
  }
  return all
}

/** each account's bot: the accounts of a multi-account run, else the one bot */
export function accountsOf(bot: SimBot): SimBot[] {
  return 'accounts' in bot ? (bot as SimAccounts).accounts : [bot]
}
