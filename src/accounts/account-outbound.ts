import type { Config, OutboundConfig } from '../config/schema'

const DAY_MS = 86_400_000

/**
 * The daily cap of an account `ageMs` old: from `warmupStart` of the cap on its first day,
 * growing evenly to the full cap at `warmupDays`. Pure.
 */
export function warmupCap(cap: number, ageMs: number, warmupDays: number, warmupStart: number): number {
  if (warmupDays <= 0) return cap
  const grown = Math.min(1, warmupStart + ((1 - warmupStart) * Math.max(0, ageMs)) / (warmupDays * DAY_MS))
  return Math.max(1, Math.floor(cap * grown))
}

/** `outbound` with the account's own pacing and cap (`accounts.list[]`), warm-up applied. Pure. */
export function accountOutbound(config: Config, account: string, ageMs: number | undefined): OutboundConfig {
  const own = config.accounts.list.find((a) => a.id === account)
  const base = {
    ...config.outbound,
    ...(own?.minIntervalMs !== undefined ? { minIntervalMs: own.minIntervalMs } : {}),
    ...(own?.jitterMs !== undefined ? { jitterMs: own.jitterMs } : {}),
    ...(own?.dailyCap !== undefined ? { dailyCap: own.dailyCap } : {}),
  }
  // an account never seen logged in has no age yet: no warm-up until it is (single-account setups keep their cap)
  if (ageMs === undefined) return base
  return { ...base, dailyCap: warmupCap(base.dailyCap, ageMs, config.accounts.warmupDays, config.accounts.warmupStart) }
}
