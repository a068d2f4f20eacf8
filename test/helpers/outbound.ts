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

export const waitFor = async (check: () => boolean, ms = 10000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}
