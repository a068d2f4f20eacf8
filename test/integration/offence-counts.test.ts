import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys, ttlMsOf } from '../../src/store/keys'
import { createOffenceCounts } from '../../src/store/offence-counts'
import { REDIS_URL } from '../helpers/scenario'

/**
 * The rules' offences per room, day and rule (issue 20 item 9) on a real Redis: what
 * `#报告` and the console's groups table sum over 7 days, exempt members' kept apart.
 */
describe('offence counts', () => {
  let prefix: string
  let redis: Redis
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('sums per rule over the days asked, exempt members apart, other rooms and days left out; every key expires', async () => {
    const keys = createKeys(prefix)
    const offences = createOffenceCounts(redis, keys)
    await offences.count('g1@chatroom', '2026-12-04', 'flood')
    await offences.count('g1@chatroom', '2026-12-05', 'flood')
    await offences.count('g1@chatroom', '2026-12-05', 'mentions')
    await offences.count('g1@chatroom', '2026-12-05', 'mentions', true)
    await offences.count('g2@chatroom', '2026-12-05', 'ad')
    await offences.count('g1@chatroom', '2026-11-20', 'ad')
    // a field that is not a count (hand-edited) reads as nothing
    await redis.hset(keys.offenceCounts('g1@chatroom', '2026-12-05'), 'repeat', 'x')

    expect(await offences.sum('g1@chatroom', ['2026-12-05', '2026-12-04', '2026-12-03'])).toEqual({
      acted: { flood: 2, mentions: 1 },
      exempt: { mentions: 1 },
    })
    expect(await offences.sum('g2@chatroom', ['2026-12-05'])).toEqual({ acted: { ad: 1 }, exempt: {} })
    expect(await offences.sum('g1@chatroom', [])).toEqual({ acted: {}, exempt: {} })
    const ttl = await redis.pttl(keys.offenceCounts('g1@chatroom', '2026-12-04'))
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(ttlMsOf('offenceCounts'))
  })
})
