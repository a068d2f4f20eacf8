import pino from 'pino'
import { createFleet } from '../../src/accounts/fleet'
import { parseConfigObject } from '../../src/config/load-config'
import type { InboundMessage } from '../../src/core/types'
import { createKeys } from '../../src/store/keys'
import { createRedisFactory } from '../../src/store/redis'
import { createRedisHealth } from '../../src/store/redis-health'
import type { BotHandlers } from '../../src/wechat/adapter'
import { createEventHold } from '../../src/wechat/event-hold'
import { servingGate } from '../../src/wiring/serving-gate'
import { waitFor } from '../helpers/outbound'
import { privateRedis } from '../helpers/private-redis'

/**
 * With several accounts a room message is claimed by id before it is handled (one account
 * acts on it). When Redis starts refusing writes *after* the claim, in the middle of the
 * handling, the event hold keeps the message and replays it: the replay must not take its
 * own claim for another account's and drop the message.
 */
describe('a message held mid-handling, with several accounts', () => {
  it('is handled on replay by the account that claimed it', async () => {
    const MAX = 2 * 1024 * 1024
    const redis = await privateRedis(['--maxmemory', String(MAX), '--maxmemory-policy', 'noeviction', '--appendonly', 'no', '--save', ''])
    const factory = createRedisFactory(redis.url)
    const client = factory.client()
    const logger = pino({ level: 'silent' })
    const keys = createKeys('qunhq-replay')
    const config = parseConfigObject({})
    const fleet = createFleet({ redis: client, keys, account: 'a', config: () => config, now: Date.now, multiAccount: true, onBad: () => undefined })
    const health = createRedisHealth({ probe: async () => void (await client.set(keys.healthProbe(), '1')), logger, now: Date.now, retryMs: () => 20, maxRetryMs: () => 100 })
    const hold = createEventHold({ health, cap: () => 100, logger })
    try {
      await fleet.loggedIn(['g1@chatroom'], 'wxid_a')
      expect(await fleet.handles('g1@chatroom')).toBe(true)
      const handled: string[] = []
      let tries = 0
      const handlers: BotHandlers = {
        async onMessage(m) {
          tries++
          // Redis fills while the first try is under way (the claim went through before)
          if (tries === 1) await redis.admin.setrange('filler', MAX, 'x')
          await client.multi().incr(keys.healthProbe()).exec()
          handled.push(m.id)
        },
        onJoin: async () => undefined,
        onLeave: async () => undefined,
        onTopic: async () => undefined,
        onFriendRequest: async () => undefined,
        onLogin: async () => undefined,
        onLogout: async () => undefined,
      }
      const wrapped = hold.wrap(servingGate(fleet, handlers, () => 'wxid_a'))
      await wrapped.onMessage({ id: 'msg-1', roomId: 'g1@chatroom', fromId: 'wxid_u1', text: '加微信领券' } as InboundMessage)
      expect(health.state).toBe('failing')
      expect(hold.size()).toBe(1)
      await redis.admin.del('filler')
      await waitFor(() => health.state === 'healthy' && hold.size() === 0, 20000)
      expect(handled).toEqual(['msg-1'])
      expect(tries).toBe(2)
    } finally {
      hold.stop()
      health.stop()
      await factory.closeAll()
      await redis.stop()
    }
  })
})
