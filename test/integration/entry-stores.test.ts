import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createEntryCodes } from '../../src/store/entry-codes'
import { createEntrySeats } from '../../src/store/entry-seats'
import { createKeys } from '../../src/store/keys'
import { REDIS_URL } from '../helpers/scenario'

describe('entry gate stores on a real Redis', () => {
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

  it('a code sent by ten people at once lets exactly one in; the rest are told it was spent; an unknown code is unknown', async () => {
    const codes = createEntryCodes(redis, createKeys(prefix))
    await codes.add(['K7QM3XPA'], '标签:训练营', 'wxid_op', 1, 60_000)
    // separate connections, so the spends really race on the server
    const clients = Array.from({ length: 10 }, () => new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 }))
    try {
      const results = await Promise.all(clients.map((c, i) => createEntryCodes(c, createKeys(prefix)).spend('K7QM3XPA', `wxid_${i}`, 2)))
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, target: '标签:训练营' }])
      expect(results.filter((r) => !r.ok)).toEqual(Array(9).fill({ ok: false, why: 'spent' }))
    } finally {
      for (const c of clients) c.disconnect()
    }
    expect(await codes.spend('ZZZZ2222', 'wxid_x', 3)).toEqual({ ok: false, why: 'unknown' })
    expect(await redis.exists(createKeys(prefix).entryCode('ZZZZ2222'))).toBe(0) // refusing creates nothing
    expect(await redis.pttl(createKeys(prefix).entryCode('K7QM3XPA'))).toBeGreaterThan(0)
  })

  it('one group is created per route: the second newcomer waits for it and both are handed over once it exists', async () => {
    const seats = createEntrySeats(redis, createKeys(prefix))
    const creation = { topic: '北京读书会3群', target: '标签:读书会', routeKey: '标签:读书会|北京', tags: ['读书会', '北京'], contactId: 'wxid_a' }
    expect(await seats.claimCreation(creation)).toBeUndefined()
    expect(await seats.claimCreation({ ...creation, topic: '北京读书会4群', contactId: 'wxid_b' })).toBe('北京读书会3群')
    await seats.wait('北京读书会3群', 'wxid_b')
    expect(await seats.created('北京读书会3群')).toEqual({ creation, waiting: ['wxid_b'] })
    expect(await seats.created('北京读书会3群')).toBeUndefined() // handed over once
    expect(await seats.claimCreation({ ...creation, topic: '北京读书会4群' })).toBeUndefined() // the route is free again
  })
})
