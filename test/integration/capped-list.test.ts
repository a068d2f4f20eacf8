import { privateRedis } from '../helpers/private-redis'
import { pushCapped, pushCappedAndRead } from '../../src/store/capped-list'
import { redisOutageKind } from '../../src/store/redis-errors'

describe('capped list (one command for LPUSH, LTRIM, PEXPIRE, LRANGE)', () => {
  it('keeps the newest, sets the lifetime, reads back newest first', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', ''])
    try {
      await pushCapped(redis.admin, 'l', 'a', 2, 60_000)
      await pushCapped(redis.admin, 'l', 'b', 2, 60_000)
      expect(await pushCappedAndRead(redis.admin, 'l', 'c', 2, 30_000)).toEqual(['c', 'b'])
      const ttl = await redis.admin.pttl('l')
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(30_000)
    } finally {
      await redis.stop()
    }
  })

  it('a full Redis (maxmemory, noeviction) is an outage, as the MULTI it replaced was', async () => {
    const redis = await privateRedis(['--maxmemory', '1mb', '--maxmemory-policy', 'noeviction', '--appendonly', 'no', '--save', ''])
    try {
      const big = 'x'.repeat(100_000)
      for (let i = 0; i < 40; i++) await redis.admin.set(`fill-${i}`, big).catch(() => undefined)
      const err = await pushCapped(redis.admin, 'l', 'a', 2, 60_000).then(() => undefined, (e: unknown) => e)
      expect(redisOutageKind(err)).toBe('full')
    } finally {
      await redis.stop()
    }
  })
})
