import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import pino from 'pino'
import { createFleet } from '../../src/accounts/fleet'
import { parseConfigObject } from '../../src/config/load-config'
import { breaker } from '../../src/outbound/steps/breaker'
import { SendFailed, type OutboundStepContext } from '../../src/outbound/steps/step'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { REDIS_URL } from '../helpers/scenario'

/**
 * "Its breaker stays open past accounts.failoverAfterMs" (issue 11) reads the breaker's own
 * state: open from its opening until a send succeeds, not "failing since the first failure".
 */
describe('breaker-driven failover', () => {
  let prefix: string
  let redis: IORedis
  let clock = 0
  const config = parseConfigObject({ accounts: { failoverAfterMs: 1000 }, outbound: { breaker: { failures: 2, pauseMs: 0 } } })

  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL)
    clock = 0
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  function setup() {
    const keys = createKeys(prefix)
    const fleet = createFleet({ redis, keys, account: 'a1', config: () => config, now: () => clock, multiAccount: true, onBad: () => undefined })
    const refused: string[] = []
    fleet.onRefused((e) => refused.push(e))
    const ctx = {
      cfg: config.outbound,
      redis,
      keys,
      account: 'a1',
      clock: () => clock,
      log: pino({ level: 'silent' }),
      rateLimit: async () => undefined,
      onBreakerOpen: async () => undefined,
    } as unknown as OutboundStepContext
    /** one send through the breaker at `at`: fails with a plain error, or succeeds */
    const send = async (at: number, ok: boolean) => {
      clock = at
      await breaker(ctx, async () => {
        try {
          await fleet.watchSend(async () => {
            if (!ok) throw new Error('timeout')
          })
          return { status: 'sent' }
        } catch (err) {
          throw new SendFailed(err)
        }
      }).catch(() => undefined)
    }
    return { send, refused, keys }
  }

  it('fails over only when the breaker has been open for failoverAfterMs with no send succeeding', async () => {
    const { send, refused, keys } = setup()
    // one failure, a long silence, another failure: two consecutive failures open the breaker
    // now, but it has not been open long; the old "failing since the first failure" moved groups here
    await send(0, false)
    await send(5000, false)
    expect(refused).toEqual([])
    expect(await redis.get(keys.breakerOpenSince('a1'))).toBe('5000')
    await send(5500, false)
    expect(refused).toEqual([])
    await send(6000, false)
    expect(refused).toEqual(['timeout'])
  })

  it('a successful send closes the breaker: the open time starts again', async () => {
    const { send, refused, keys } = setup()
    await send(0, false)
    await send(0, false)
    expect(await redis.get(keys.breakerOpenSince('a1'))).toBe('0')
    await send(900, true)
    expect(await redis.get(keys.breakerOpenSince('a1'))).toBeNull()
    await send(2000, false)
    await send(2100, false)
    await send(2900, false)
    expect(refused).toEqual([])
    await send(3100, false)
    expect(refused).toEqual(['timeout'])
  })
})
