import {
  addDays,
  dayRange,
  daysBetween,
  decayThresholds,
  decayWarning,
  percentChange,
  weeklyTrend,
  type DecayInput,
  type DecayLevel,
  type GroupDay,
  type WeeklyTrend,
} from '../../src/core/analytics'

const day = (d: string, messages: number, activeMembers = 0, joins = 0, leaves = 0): GroupDay => ({
  day: d,
  messages,
  activeMembers,
  joins,
  leaves,
})

describe('day keys', () => {
  it.each([
    ['2026-05-10', -6, '2026-05-04'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s %+i days → %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to)
    expect(daysBetween(from, to)).toBe(n)
  })

  it('lists a range oldest first', () => {
    expect(dayRange('2026-05-02', 3)).toEqual(['2026-04-30', '2026-05-01', '2026-05-02'])
  })
})

describe('percentChange', () => {
  it.each<[number, number, number | undefined]>([
    [100, 150, 50],
    [70, 28, -60],
    [10, 0, -100],
    [0, 0, 0],
    [0, 5, undefined],
  ])('%i → %i is %p', (before, after, expected) => {
    const got = percentChange(before, after)
    if (expected === undefined) expect(got).toBeUndefined()
    else expect(got).toBeCloseTo(expected, 9)
  })
})

describe('weeklyTrend', () => {
  const today = '2026-05-10'

  it('compares the 7 days ending today with the 7 before', () => {
    const days = [
      ...dayRange('2026-05-03', 7).map((d) => day(d, 10, 3)), // previous week: 70 messages, 21 member-days
      day('2026-05-04', 8, 3),
      day('2026-05-05', 6, 2),
      day('2026-05-08', 4, 2),
      day('2026-05-10', 2, 1), // this week: 20 messages, 8 member-days
      day('2026-04-26', 1000, 99), // older than two weeks: ignored
      day('2026-05-11', 1000, 99), // tomorrow: ignored
    ]
    const trend = weeklyTrend(days, today)
    expect(trend.previousWeek).toEqual({ messages: 70, activeMemberDays: 21 })
    expect(trend.thisWeek).toEqual({ messages: 20, activeMemberDays: 8 })
    expect(trend.messagesChangePct).toBeCloseTo(((20 - 70) / 70) * 100, 9)
    expect(trend.activeChangePct).toBeCloseTo(((8 - 21) / 21) * 100, 9)
  })

  it.each<[string, GroupDay[], number | undefined]>([
    ['no records at all', [], 0],
    ['a new group: nothing last week', [day('2026-05-09', 5, 2)], undefined],
    ['the week boundary: 05-04 is this week, 05-03 the last', [day('2026-05-03', 10), day('2026-05-04', 15)], 50],
    ['two entries for one day add up', [day('2026-05-01', 4), day('2026-05-01', 6), day('2026-05-10', 5)], -50],
  ])('%s', (_name, days, expected) => {
    const got = weeklyTrend(days, today).messagesChangePct
    if (expected === undefined) expect(got).toBeUndefined()
    else expect(got).toBeCloseTo(expected, 9)
  })
})

function trendOf(before: number, after: number): WeeklyTrend {
  return {
    previousWeek: { messages: before, activeMemberDays: 0 },
    thisWeek: { messages: after, activeMemberDays: 0 },
    messagesChangePct: percentChange(before, after),
    activeChangePct: 0,
  }
}

describe('decayWarning', () => {
  const lively: DecayInput = { memberCount: 20, active7: 10, daysSinceLastMessage: 0, linkDensity: 0.3, trend: trendOf(100, 110) }

  it.each<[string, Partial<DecayInput>, DecayLevel, string[]]>([
    ['a lively group', {}, 'healthy', []],
    ['a lively group with no message on record yet keeps its other signals', { daysSinceLastMessage: undefined }, 'healthy', []],
    ['two quiet days', { daysSinceLastMessage: 2 }, 'healthy', []],
    ['three silent days', { daysSinceLastMessage: 3 }, 'cooling', ['silence']],
    ['messages down 30%', { trend: trendOf(100, 70) }, 'cooling', ['messagesDrop']],
    ['messages down 29%', { trend: trendOf(100, 71) }, 'healthy', []],
    ['a big fall from a small base does not count', { trend: trendOf(19, 1) }, 'healthy', []],
    ['exactly 5% active is cooling', { active7: 1 }, 'cooling', ['fewActive']],
    ['few active in a tiny group is not judged', { memberCount: 4, active7: 0, linkDensity: 1 }, 'healthy', []],
    ['fewer links than half a star', { linkDensity: 0.049 }, 'cooling', ['sparseLinks']],
    ['exactly half a star', { linkDensity: 0.05 }, 'healthy', []],
    ['a silent week', { daysSinceLastMessage: 7 }, 'decaying', ['silence']],
    ['messages down 60%', { trend: trendOf(100, 40) }, 'decaying', ['messagesDrop']],
    ['under 5% active', { memberCount: 40, active7: 1, linkDensity: 0.3 }, 'decaying', ['fewActive']],
    ['two silent weeks', { daysSinceLastMessage: 14, active7: 0, trend: trendOf(5, 0) }, 'dying', ['silence', 'fewActive']],
    [
      'everything wrong at once, worst reason first',
      { daysSinceLastMessage: 20, active7: 0, trend: trendOf(50, 0), linkDensity: 0 },
      'dying',
      ['silence', 'messagesDrop', 'fewActive', 'sparseLinks'],
    ],
  ])('%s → %s', (_name, change, level, reasons) => {
    const w = decayWarning({ ...lively, ...change })
    expect(w.level).toBe(level)
    expect(w.reasons.map((r) => r.kind)).toEqual(reasons)
  })

  it('says how far the messages fell', () => {
    expect(decayWarning({ ...lively, trend: trendOf(80, 20) }).reasons[0]).toEqual({
      kind: 'messagesDrop',
      level: 'decaying',
      pct: -75,
      before: 80,
      after: 20,
    })
  })

  it('grades silence on the documented thresholds', () => {
    expect(decayThresholds.silenceDays).toEqual({ cooling: 3, decaying: 7, dying: 14 })
  })
})
