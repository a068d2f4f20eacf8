import { z } from 'zod'

/** an account id: the `QUNHQ_ACCOUNT` of its process, part of queue names and keys */
export const accountId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')

/**
 * Several bot accounts, one system (issue 11). Each entry may override the account's
 * pacing and daily cap (`outbound`); the rest comes from `outbound`.
 */
export const accountsSchema = z
  .object({
    list: z
      .array(
        z
          .object({
            id: accountId,
            /** the machine whose process runs this account among others (issue 23): its accounts with the same `host` run in one process there */
            host: z.string().min(1).optional(),
            minIntervalMs: z.number().int().min(0).optional(),
            jitterMs: z.number().int().min(0).optional(),
            dailyCap: z.number().int().min(1).optional(),
          })
          .strict(),
      )
      .default([])
      .refine((l) => new Set(l.map((a) => a.id)).size === l.length, { message: 'an account id is listed twice' }),
    /**
     * An account whose breaker stays open this long (from its opening until a send succeeds,
     * `out:<id>:open-since`) hands its groups to others. Default 15 minutes: the breaker's
     * 10-minute pause and 5 more minutes of failing sends after it, so a single bad minute
     * never moves groups, but an account still refused well after its pause does.
     */
    failoverAfterMs: z.number().int().min(0).default(900000),
    /**
     * An account is online while its process keeps its lease (`acct:lease`): the process
     * refreshes it every third of this, and another account's process takes an account whose
     * lease expired offline and fails its groups over (a killed process never logs out).
     * Default 60 s: two refreshes may be missed (a GC pause, a slow Redis) before a live
     * account is taken for dead, and a dead one's groups wait at most a minute.
     */
    leaseMs: z.number().int().min(100).default(60000),
    /**
     * After an account that failed over logs in again, its groups return to it after this
     * quiet period (later if a broadcast is running then). 0: only by `#账号 回切`.
     */
    returnAfterMs: z.number().int().min(0).default(0),
    /**
     * New accounts warm up: their daily cap starts at `warmupStart` of the cap and grows
     * evenly to the full cap over this many days. Default 7 days from 20 %: new accounts
     * are the ones WeChat bans for mass sends in their first days, and a week of slowly
     * rising volume is what operators report as safe. 0 turns warm-up off.
     */
    warmupDays: z.number().int().min(0).default(7),
    warmupStart: z.number().gt(0).max(1).default(0.2),
  })
  .strict()

export type AccountsConfig = z.infer<typeof accountsSchema>

/**
 * With `accounts.list`, each process runs one listed account: `QUNHQ_ACCOUNT` must name it
 * (a typo would otherwise start an account no other process knows of).
 */
export function accountEnvProblems(accounts: AccountsConfig, account: string | undefined): string[] {
  if (!accounts.list.length) return []
  const ids = accounts.list.map((a) => a.id)
  if (account === undefined) return [`env.QUNHQ_ACCOUNT: required with accounts.list (one of ${ids.join(', ')})`]
  return ids.includes(account) ? [] : [`env.QUNHQ_ACCOUNT: "${account}" is not in accounts.list (${ids.join(', ')})`]
}
