import type { Logger } from 'pino'
import { accountProcessMessages } from '../texts/accounts'
import type { App } from './app-shape'

/** One account running in the host: its app, and how it ends. */
export interface HostedAccount {
  app: App
  /** settles when the account's puppet crashed (never, for a healthy one) */
  crashed: Promise<Error>
  /** stops the account gracefully (its app: the job in hand finished, its lease released) */
  stop(): Promise<void>
}

export interface AccountsHostDeps {
  ids: readonly string[]
  /** builds the account's bot and app and starts it (throws when it cannot: the host retries) */
  start(id: string): Promise<HostedAccount>
  logger: Logger
  /** the first restart's delay, doubled at each crash in a row up to `maxMs` (default 5 s … 5 min) */
  backoff?: { firstMs: number; maxMs: number }
  /** an account up this long counts as healthy: its next crash waits `firstMs` again (default 10 min) */
  stableMs?: number
  now?: () => number
  /** the wait before a restart (tests give one they control) */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>
}

const abortable = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true })
  })

/**
 * Several accounts in one process (issue 23), each a whole app with its own Wechaty. An
 * account whose puppet crashes, or that cannot start, is contained: it is stopped (its
 * lease released, so its groups fail over to the accounts still serving, in this process or
 * another), HQ is told once through an account that still runs, and it is started again
 * after a back-off that doubles while it keeps crashing.
 */
export function createAccountsHost(deps: AccountsHostDeps) {
  const now = deps.now ?? Date.now
  const backoff = deps.backoff ?? { firstMs: 5000, maxMs: 300_000 }
  const stableMs = deps.stableMs ?? 600_000
  const delay = deps.delay ?? abortable
  const stopping = new AbortController()
  const running = new Map<string, HostedAccount>()
  const inRow = new Map<string, number>()
  const crashes = new Map<string, number>()
  const loops: Promise<void>[] = []
  const log = deps.logger.child({ part: 'accounts-host' })

  const tellHq = async (text: string) => {
    const teller = [...running.values()][0]
    if (!teller) return log.warn({ text }, 'no account runs to tell HQ')
    await teller.app.ctx.hq.say(text).catch((err: Error) => log.warn({ err }, 'telling HQ failed'))
  }

  /** one account's life: start, serve until it crashes, stop, wait, again, until the host stops */
  async function life(id: string, first: (ok: boolean) => void): Promise<void> {
    let firstDone = false
    while (!stopping.signal.aborted) {
      let account: HostedAccount | undefined
      let error: Error
      const since = now()
      try {
        account = await deps.start(id)
        if (stopping.signal.aborted) {
          await account.stop()
          break
        }
        running.set(id, account)
        if (!firstDone) {
          firstDone = true
          first(true)
        }
        error = await Promise.race([account.crashed, new Promise<never>((_, fail) => stopping.signal.addEventListener('abort', () => fail(new Error('stopping')), { once: true }))]).catch((err: Error) => err)
      } catch (err) {
        error = err as Error
      }
      if (stopping.signal.aborted) break
      running.delete(id)
      // its groups to the accounts still online (the failover of a logout), then it stops
      if (account) await account.app.wentOffline().catch((err: Error) => log.warn({ err, account: id }, 'failing the crashed account over failed'))
      if (account) await account.stop().catch((err: Error) => log.warn({ err, account: id }, 'stopping the crashed account failed'))
      const n = now() - since >= stableMs ? 1 : (inRow.get(id) ?? 0) + 1
      inRow.set(id, n)
      crashes.set(id, (crashes.get(id) ?? 0) + 1)
      const waitMs = Math.min(backoff.maxMs, backoff.firstMs * 2 ** (n - 1))
      log.error({ account: id, err: error, restartInMs: waitMs, attempt: n }, 'account crashed: the other accounts go on; restarting it after a back-off')
      await tellHq(accountProcessMessages.crashed(id, error.message.slice(0, 200), waitMs, n))
      if (!firstDone) {
        firstDone = true
        first(false)
      }
      await delay(waitMs, stopping.signal)
    }
    if (!firstDone) first(false)
  }

  return {
    /** starts every account in turn (each registers its groups at login before the next logs in); resolves once each has started or failed once */
    async start(): Promise<void> {
      for (const id of deps.ids) {
        await new Promise<void>((done) => loops.push(life(id, () => done())))
      }
    },
    /** the accounts serving now */
    running: (): ReadonlyMap<string, HostedAccount> => running,
    /** crashes (and failed starts) so far, per account */
    crashes: (id: string) => crashes.get(id) ?? 0,
    /** stops every account (the job in hand finished) and the restarts */
    async stop(): Promise<void> {
      stopping.abort()
      const all = [...running.values()]
      running.clear()
      for (const a of all) await a.stop().catch((err: Error) => log.warn({ err }, 'stopping an account failed'))
      await Promise.all(loops)
    },
  }
}

export type AccountsHost = ReturnType<typeof createAccountsHost>
