import { dayKey, nextDayStart, quietUntil } from '../../src/core/time-window'

const sh = (iso: string) => Date.parse(`${iso}+08:00`)

describe('quiet hours in the configured time zone', () => {
  it.each([
    ['23:00-07:00', '2026-11-23T23:30:00', '2026-11-24T07:00:00'],
    ['23:00-07:00', '2026-11-24T02:15:30', '2026-11-24T07:00:00'],
    ['23:00-07:00', '2026-11-24T06:59:59', '2026-11-24T07:00:00'],
    ['12:00-13:30', '2026-11-24T12:10:00', '2026-11-24T13:30:00'],
  ])('%s at %s holds until %s', (window, at, until) => {
    expect(quietUntil(sh(at), window, 'Asia/Shanghai')).toBe(sh(until))
  })

  it.each([
    ['23:00-07:00', '2026-11-24T07:00:00'],
    ['23:00-07:00', '2026-11-24T22:59:59'],
    ['12:00-13:30', '2026-11-24T13:30:00'],
    ['', '2026-11-24T03:00:00'],
    ['08:00-08:00', '2026-11-24T08:00:00'],
  ])('%s at %s is not quiet', (window, at) => {
    expect(quietUntil(sh(at), window, 'Asia/Shanghai')).toBeUndefined()
  })

  it('uses the zone, not the machine clock: 23:30 in Shanghai is 15:30 UTC', () => {
    const at = Date.parse('2026-11-23T15:30:00Z')
    expect(quietUntil(at, '23:00-07:00', 'Asia/Shanghai')).toBe(Date.parse('2026-11-23T23:00:00Z'))
    expect(quietUntil(at, '23:00-07:00', 'UTC')).toBeUndefined()
  })
})

describe('days', () => {
  it('keys the day in the zone', () => {
    expect(dayKey(Date.parse('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24')
    expect(dayKey(Date.parse('2026-11-23T16:30:00Z'), 'UTC')).toBe('2026-11-23')
  })
  it('finds the next local midnight', () => {
    expect(nextDayStart(sh('2026-11-23T21:12:13'), 'Asia/Shanghai')).toBe(sh('2026-11-24T00:00:00'))
  })
})
