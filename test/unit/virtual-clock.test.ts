import { isoInZone } from '../../src/core/time-window'
import { VirtualClock } from '../../src/sim/virtual-clock'

describe('the virtual clock', () => {
  it('starts at startAt, jumps forward only, and wakes the sleepers whose time came, in time order', async () => {
    const start = Date.parse('2026-12-01T08:00:00+08:00')
    const clock = new VirtualClock(start)
    expect(Math.abs(clock.now() - start)).toBeLessThan(1000)
    const woke: string[] = []
    const a = clock.sleepUntil(start + 3_600_000, 'out-a').then(() => woke.push('a'))
    void clock.sleepUntil(start + 86_400_000, 'out-b').then(() => woke.push('b'))
    expect(clock.sleeping('out-a')).toBe(true)
    expect(clock.nextWake()).toBe(start + 3_600_000)
    clock.jumpTo(start + 3_600_000)
    await a
    expect(woke).toEqual(['a'])
    expect(clock.sleeping('out-a')).toBe(false)
    expect(clock.now()).toBeGreaterThanOrEqual(start + 3_600_000)
    clock.jumpTo(start) // never back
    expect(clock.now()).toBeGreaterThanOrEqual(start + 3_600_000)
    expect(clock.nextWake()).toBe(start + 86_400_000)
    // the end of a run wakes whoever still sleeps (no timer outlives it)
    clock.uninstall()
    await new Promise((r) => setImmediate(r))
    expect(woke).toEqual(['a', 'b'])
  })

  it('forgets the sleepers of a dead owner without waking them; install points Date.now at it until uninstall', async () => {
    const start = Date.parse('2030-01-01T00:00:00Z')
    const clock = new VirtualClock(start)
    let woke = false
    void clock.sleepUntil(start + 60_000, 'out-sim', 1).then(() => (woke = true))
    clock.forget(1)
    clock.jumpTo(start + 120_000)
    await new Promise((r) => setImmediate(r))
    expect(woke).toBe(false)
    expect(clock.nextWake()).toBeUndefined()
    const real = Date.now
    clock.install()
    try {
      expect(Date.now()).toBeGreaterThanOrEqual(start + 120_000)
    } finally {
      clock.uninstall()
    }
    expect(Date.now).toBe(real)
    expect(Date.now()).toBeLessThan(start)
  })

  it('writes `at` in ISO 8601 with the zone offset', () => {
    const t = Date.parse('2026-12-01T00:30:05Z')
    expect(isoInZone(t, 'Asia/Shanghai')).toBe('2026-12-01T08:30:05+08:00')
    expect(isoInZone(t, 'UTC')).toBe('2026-12-01T00:30:05+00:00')
    expect(isoInZone(t, 'America/New_York')).toBe('2026-11-30T19:30:05-05:00')
    expect(isoInZone(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00')
  })
})
