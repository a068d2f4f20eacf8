import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import { createServing, type Serving } from '../../src/accounts/serving'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { REDIS_URL } from '../helpers/scenario'

/** Who serves a room (issue 11): every process asks the same Redis script and gets the same answer. */
describe('serving account', () => {
  let prefix: string
  let redis: IORedis
  const preferred: Record<string, string[]> = {}
  let clock = 1000
  const make = (account: string): Serving =>
    createServing({ redis, keys: createKeys(prefix), account, configured: () => [], preferred: (room) => preferred[room] ?? [], now: () => clock, leaseMs: () => 500 })

  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL)
    clock = 1000
    for (const k of Object.keys(preferred)) delete preferred[k]
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('balances rooms by load, and every account gets the same answer', async () => {
    const [a, b] = [make('a'), make('b')]
    await a.online(['r1', 'r2', 'r3', 'r4'])
    await b.online(['r1', 'r2', 'r3', 'r4'])
    const first = await Promise.all(['r1', 'r2', 'r3', 'r4'].map((r) => a.resolve(r)))
    expect(first).toEqual(['a', 'b', 'a', 'b'])
    expect(await Promise.all(['r1', 'r2', 'r3', 'r4'].map((r) => b.resolve(r)))).toEqual(first)
    // concurrent first claims of one room agree
    await a.online(['r1', 'r2', 'r3', 'r4', 'r5'])
    await b.online(['r1', 'r2', 'r3', 'r4', 'r5'])
    const racing = await Promise.all([a.resolve('r5'), b.resolve('r5'), a.resolve('r5'), b.resolve('r5')])
    expect(new Set(racing).size).toBe(1)
  })

  it('prefers groups.list[].accounts, only among accounts online and in the room', async () => {
    const [a, b] = [make('a'), make('b')]
    await a.online(['r1', 'r2'])
    await b.online(['r1'])
    preferred.r1 = ['b', 'a']
    preferred.r2 = ['b']
    expect(await a.resolve('r1')).toBe('b')
    // b is not in r2: the preference cannot hold
    expect(await a.resolve('r2')).toBe('a')
  })

  it('keeps a room with its account while online (sticky), moves it when the account goes offline, and reports a room no one can serve', async () => {
    const [a, b] = [make('a'), make('b')]
    await a.online(['r1', 'solo'])
    expect(await a.resolve('r1')).toBe('a')
    await b.online(['r1'])
    preferred.r1 = ['b']
    expect(await b.resolve('r1')).toBe('a') // no return on its own
    expect(await a.resolve('solo')).toBe('a')
    await a.offline('账号异常')
    expect(await b.resolve('r1')).toBe('b')
    expect(await b.resolve('solo')).toBeUndefined()
    expect(await redis.hget(createKeys(prefix).accountInfo('a'), 'lastError')).toBe('账号异常')
    // back by compare-and-set only
    await a.online(['r1', 'solo'])
    expect(await b.move('r1', 'a', 'b')).toBe(false) // r1 is b's, not a's
    expect(await a.move('r1', 'b', 'a')).toBe(true)
    expect(await b.resolve('r1')).toBe('a')
    expect(await redis.hgetall(createKeys(prefix).servingLoad())).toEqual({ a: '2', b: '0' })
  })

  it('lets one account claim a message', async () => {
    const [a, b] = [make('a'), make('b')]
    expect(await Promise.all([a.claimMessage('m1'), b.claimMessage('m1')])).toEqual([true, false])
  })

  it('takes an account whose lease expired offline once, whichever processes look; a live account refreshing its lease stays', async () => {
    const [a, b, c] = [make('a'), make('b'), make('c')]
    await a.online(['r1'])
    await b.online(['r1'])
    await c.online(['r1'])
    expect(await b.resolve('r1')).toBe('a')
    clock = 1400
    await b.refreshLease()
    await c.refreshLease()
    clock = 1600 // a's lease (1500) expired; b and c refreshed theirs until 1900
    const looks = await Promise.all([b.reapExpired(), c.reapExpired(), b.reapExpired(), c.reapExpired()])
    expect(looks.flat()).toEqual([{ account: 'a', expiredAt: 1500 }])
    expect(await redis.hkeys(createKeys(prefix).accountsOnline())).toEqual(expect.not.arrayContaining(['a']))
    expect(await redis.hget(createKeys(prefix).accountInfo('a'), 'offlineSince')).toBe('1500')
    // the room goes to a live account
    expect(await c.resolve('r1')).not.toBe('a')
    // an account never reaps itself: late, it refreshes and is online again
    clock = 5000
    expect(await b.reapExpired()).toEqual([{ account: 'c', expiredAt: 1900 }])
    expect(await b.reapExpired()).toEqual([])
    expect(await a.refreshLease()).toEqual({ back: true })
    expect(await a.refreshLease()).toEqual({ back: false })
    expect(await redis.hexists(createKeys(prefix).accountsOnline(), 'a')).toBe(1)
    // going offline ends the lease: nobody reaps a logged-out account
    await a.offline()
    clock = 99_999
    expect(await b.reapExpired()).toEqual([])
  })
})
