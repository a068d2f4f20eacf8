import { addDays, daysBetween, decide, dueSteps, mentionBatches, planOf, stepKey, zonedInstant } from '../../src/plugins/sop/engine'

const H = 3_600_000
const timeline = {
  steps: [
    { day: 3, at: '23:30', text: 'c', mentionNew: false },
    { day: 0, at: '20:00', text: 'a', mentionNew: false },
    { day: 1, at: '09:00', media: 'm', mentionNew: false },
  ],
}

describe('SOP engine (pure)', () => {
  it('dates a plan from day 0 in the time zone, in time order', () => {
    const plan = planOf(timeline, '2026-12-30', 'Asia/Shanghai')
    expect(plan.map((p) => [p.key, p.date, new Date(p.dueAt).toISOString()])).toEqual([
      ['d0-2000@2026-12-30', '2026-12-30', '2026-12-30T12:00:00.000Z'],
      ['d1-0900@2026-12-30', '2026-12-31', '2026-12-31T01:00:00.000Z'],
      ['d3-2330@2026-12-30', '2027-01-02', '2027-01-02T15:30:00.000Z'],
    ])
  })

  it('finds local instants across a DST change and month ends', () => {
    expect(new Date(zonedInstant('2026-03-08', '09:00', 'America/New_York')).toISOString()).toBe('2026-03-08T13:00:00.000Z')
    expect(new Date(zonedInstant('2026-03-07', '09:00', 'America/New_York')).toISOString()).toBe('2026-03-07T14:00:00.000Z')
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02')
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3)
    expect(stepKey({ day: 7, at: '10:00' }, '2026-12-01')).toBe('d7-1000@2026-12-01')
  })

  it.each([
    [-1, 'wait'],
    [0, 'send'],
    [6 * H, 'send'],
    [6 * H + 1, 'late'],
  ] as const)('a step %i ms past due with lateHours 6: %s', (past, decision) => {
    expect(decide(1_000_000_000, 1_000_000_000 + past, 6)).toBe(decision)
  })

  it('splits the unhandled steps of a plan at an instant; handled ones are left out', () => {
    const plan = planOf(timeline, '2026-12-01', 'Asia/Shanghai')
    const now = zonedInstant('2026-12-02', '12:00', 'Asia/Shanghai')
    const split = dueSteps(plan, new Set(['d0-2000@2026-12-01']), now, 6)
    expect(split.send.map((p) => p.key)).toEqual(['d1-0900@2026-12-01'])
    expect(split.wait.map((p) => p.key)).toEqual(['d3-2330@2026-12-01'])
    expect(split.late).toEqual([])
    expect(dueSteps(plan, new Set(), now + 24 * H, 6).late.map((p) => p.key)).toEqual(['d0-2000@2026-12-01', 'd1-0900@2026-12-01'])
  })

  it('batches @-mentions as welcomes are', () => {
    expect(mentionBatches(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']])
    expect(mentionBatches([], 20)).toEqual([])
  })
})
