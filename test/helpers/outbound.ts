import pino from 'pino'
import { parseConfigObject } from '../../src/config/load-config'
import type { OutboundConfig } from '../../src/config/schema'
import { createOutbound, type Outcome } from '../../src/outbound/outbound-queue'
import type { OutboundAction } from '../../src/outbound/actions'
import { createKeys } from '../../src/store/keys'
import { createRedisFactory } from '../../src/store/redis'
import { REDIS_URL } from './scenario'

export const fastOutbound = parseConfigObject({ outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: '', backoffMs: 10 } }).outbound

/** An outbound queue on real Redis whose "WeChat" is the given function. */
export function makeOutbound(
  prefix: string,
  perform: (a: OutboundAction) => Promise<void>,
  outcomes: [string, Outcome][],
  opts: { outbound?: OutboundConfig; now?: () => number } = {},
) {
  const redis = createRedisFactory(REDIS_URL)
  const ob = createOutbound({
    redis,
    keys: createKeys(prefix),
    account: 't',
    outbound: () => opts.outbound ?? fastOutbound,
    timezone: () => 'Asia/Shanghai',
    now: opts.now ?? Date.now,
    rng: () => 0,
    logger: pino({ level: 'silent' }),
    perform,
    hooks: { onOutcome: async (id, _d, o) => void outcomes.push([id, o]) },
    lockMs: 600,
    stalledCheckMs: 300,
  })
  return { ob, redis }
}

/** Polls until `check` holds (the work is done), failing after `ms`. */
export const waitFor = async (check: () => boolean | Promise<boolean>, ms = 10000) => {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000 // Asia/Shanghai has no daylight saving

/**
 * The next instant after `from` when the clock in Shanghai shows `hh:mm` (`direction: -1`:
 * the last one before it). Tests pin the bot's clock to it, never to a calendar date.
 */
export function shanghaiTime(hh: number, mm: number, from = Date.now(), direction: 1 | -1 = 1): number {
  const day = 86400_000
  const local = from + SHANGHAI_OFFSET_MS
  let at = local - (local % day) + (hh * 60 + mm) * 60_000 - SHANGHAI_OFFSET_MS
  if (direction === 1 && at <= from) at += day
  if (direction === -1 && at > from) at -= day
  return at
}
