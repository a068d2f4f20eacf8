import { addressKey, createSignInLimit } from '../../src/http/sign-in-limit'

const MINUTE = 60_000

function limit(opts: { failures?: number; maxAddresses?: number } = {}) {
  let now = 1_000_000
  const bursts: [string, number, number][] = []
  const l = createSignInLimit({
    failures: () => opts.failures ?? 3,
    windowMs: () => 15 * MINUTE,
    now: () => now,
    onBurst: (a, n, ms) => void bursts.push([a, n, ms]),
    ...(opts.maxAddresses ? { maxAddresses: opts.maxAddresses } : {}),
  })
  return { l, bursts, pass: (ms: number) => void (now += ms) }
}

describe('the console sign-in limit (per client address)', () => {
  it('refuses an address from its n-th failure in the window, for the window, and says so once a burst', () => {
    const { l, bursts, pass } = limit()
    l.failed('10.0.0.1')
    l.failed('10.0.0.1')
    expect(l.refusedFor('10.0.0.1')).toBe(0)
    l.failed('10.0.0.1')
    expect(l.refusedFor('10.0.0.1')).toBe(15 * MINUTE)
    for (let i = 0; i < 100; i++) l.failed('10.0.0.1')
    expect(bursts).toEqual([['10.0.0.1', 3, 15 * MINUTE]])
    expect(l.refusedFor('10.0.0.2')).toBe(0)
    pass(10 * MINUTE)
    // failing on while refused does not push the end further
    expect(l.refusedFor('10.0.0.1')).toBe(5 * MINUTE)
    pass(5 * MINUTE)
    expect(l.refusedFor('10.0.0.1')).toBe(0)
    // a new burst is a new line
    for (let i = 0; i < 3; i++) l.failed('10.0.0.1')
    expect(bursts).toHaveLength(2)
  })

  it('forgets failures older than the window', () => {
    const { l, pass } = limit()
    l.failed('10.0.0.1')
    l.failed('10.0.0.1')
    pass(15 * MINUTE)
    l.failed('10.0.0.1')
    l.failed('10.0.0.1')
    expect(l.refusedFor('10.0.0.1')).toBe(0)
  })

  it('remembers at most maxAddresses addresses, forgetting the oldest', () => {
    const { l } = limit({ maxAddresses: 100 })
    for (let i = 0; i < 20_000; i++) l.failed(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
    expect(l.size()).toBe(100)
  })

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
    expect(addressKey('64:ff9b::1.2.3.4')).toBe('64:ff9b:0:0::/64')
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3')
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3')
    const { l } = limit()
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2::3']) l.failed(ip)
    expect(l.refusedFor('2001:db8:1:2::99')).toBeGreaterThan(0)
    expect(l.refusedFor('2001:db8:1:3::1')).toBe(0)
  })
})
