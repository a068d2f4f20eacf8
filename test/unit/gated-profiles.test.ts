import { gatedProfiles, mergeTallies, tallyGated, GATED_ANSWERS_SHOWN, GATED_QUESTIONS_SHOWN } from '../../src/core/analytics'
import { formatGateActivity, formatGatedProfiles } from '../../src/texts'

const zero = { unmatched: 0, started: 0, joined: 0, timedOut: 0 }

describe('the gated members in #报告', () => {
  it('counts the choice answers, most first, and sums the rest past the few shown', () => {
    const cities = ['北京', '北京', '北京', '上海', '上海', '广州', '深圳', '成都', '杭州']
    const tally = tallyGated(cities.map((c, i) => ({ 城市: c, ...(i < 2 ? { 行业: '教育' } : {}) })))
    const cut = gatedProfiles(tally)
    expect(cut.count).toBe(9)
    expect(cut.byQuestion.map((q) => q.question)).toEqual(['城市', '行业'])
    const city = cut.byQuestion[0]!
    expect(city.answers).toHaveLength(GATED_ANSWERS_SHOWN)
    expect(city.answers.slice(0, 2)).toEqual([{ answer: '北京', count: 3 }, { answer: '上海', count: 2 }])
    expect(city.others).toBe(9 - 3 - 2 - 1 - 1)
    expect(formatGatedProfiles(cut)).toBe('经门槛入群 9 人 · 城市: 北京 3、上海 2、成都 1、广州 1、其他答案 2 · 行业: 教育 2')
  })

  it('shows at most a few questions, the most answered', () => {
    const cut = gatedProfiles(tallyGated([{ a: '1', b: '1', c: '1', d: '1' }, { a: '1', b: '1', c: '1' }]))
    expect(cut.byQuestion.map((q) => q.question)).toHaveLength(GATED_QUESTIONS_SHOWN)
    expect(cut.byQuestion.map((q) => q.question)).not.toContain('d')
  })

  it('many groups: the tallies are summed before they are cut', () => {
    const merged = gatedProfiles(mergeTallies([tallyGated([{ 城市: '北京' }]), tallyGated([{ 城市: '北京' }, { 城市: '上海' }]), tallyGated([])]))
    expect(merged).toEqual({ count: 3, byQuestion: [{ question: '城市', answers: [{ answer: '北京', count: 2 }, { answer: '上海', count: 1 }], others: 0 }] })
  })

  it('a gated member without choice answers is counted; nobody gated → no line', () => {
    expect(formatGatedProfiles(gatedProfiles(tallyGated([{}])))).toBe('经门槛入群 1 人')
    expect(formatGatedProfiles(gatedProfiles(tallyGated([])))).toBe('')
    expect(formatGatedProfiles(undefined)).toBe('')
  })

  it('a line-broken answer stays on one line', () => {
    expect(formatGatedProfiles(gatedProfiles(tallyGated([{ 城市: '北\n京' }])))).toBe('经门槛入群 1 人 · 城市: 北 京 1')
  })
})

describe('the gate’s day and week in #报告', () => {
  it('today/7 days of applications, joins, timeouts and requests left for a human', () => {
    expect(formatGateActivity({ today: { ...zero, started: 1, unmatched: 2 }, week: { unmatched: 5, started: 4, joined: 3, timedOut: 1 } })).toBe(
      '入群门槛 今日/7天: 申请 1/4 · 入群 0/3 · 超时 0/1 · 留给人工的好友申请 2/5',
    )
  })
  it('a gate that did nothing in 7 days adds no line', () => {
    expect(formatGateActivity({ today: zero, week: zero })).toBe('')
    expect(formatGateActivity(undefined)).toBe('')
  })
})
