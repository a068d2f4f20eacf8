import { multiGroupReport } from '../../src/plugins/analytics/reports'
import {
  defaultPointsConfig,
  groupReport,
  leaderboard,
  silentMembers,
  summarizeReports,
  worstFirst,
  type GroupDay,
  type GroupReport,
  type GroupReportInput,
  type MemberActivity,
} from '../../src/core/analytics'
import {
  formatChange,
  formatDensity,
  formatGroupReport,
  formatLeaderboard,
  formatSilentList,
} from '../../src/texts'

const DAY = 86_400_000
const HOUR = 3_600_000
// 21:00 on 2026-05-10 in Shanghai: this week is 05-04..05-10, the previous 04-27..05-03
const now = Date.parse('2026-05-10T13:00:00Z')

function member(id: string, name: string, over: Partial<MemberActivity>): MemberActivity {
  return { id, name, messages30d: 0, activeDays7: 0, introduced: false, nicknameOk: false, invites: 0, mentionedCount: 0, ...over }
}

/** One group's scripted history: the owner and five members, two weeks of days. */
const members: MemberActivity[] = [
  member('o', '群主', { lastMessageAt: now - 1 * HOUR, messages30d: 60, activeDays7: 7, introduced: true, nicknameOk: true, invites: 3, mentionedCount: 4 }),
  member('a', '张三', { lastMessageAt: now - 2 * HOUR, messages30d: 40, activeDays7: 5, introduced: true, nicknameOk: true, invites: 1, mentionedCount: 5 }),
  member('b', '李四', { lastMessageAt: now - 3 * DAY, messages30d: 10, activeDays7: 2, introduced: true }),
  member('c', '王五', { lastMessageAt: now - 10 * DAY, messages30d: 3, nicknameOk: true }),
  member('d', '赵六', { lastMessageAt: now - 40 * DAY }),
  member('e', '钱七', { joinedAt: now - 2 * DAY, nicknameOk: true }),
]

const day = (d: string, messages: number, activeMembers: number, joins = 0, leaves = 0): GroupDay => ({ day: d, messages, activeMembers, joins, leaves })
const days: GroupDay[] = [
  day('2026-04-20', 100, 9), // three weeks ago: not in the trend
  // previous week: 10 messages and 3 speakers a day → 70 messages, 21 member-days, 2 joins
  day('2026-04-27', 10, 3),
  day('2026-04-28', 10, 3, 2),
  day('2026-04-29', 10, 3),
  day('2026-04-30', 10, 3),
  day('2026-05-01', 10, 3),
  day('2026-05-02', 10, 3),
  day('2026-05-03', 10, 3, 0, 1),
  // this week: 8+6+5+0+4+3+2 = 28 messages, 3+2+2+0+2+2+2 = 13 member-days, 1 join, 1 leave
  day('2026-05-04', 8, 3),
  day('2026-05-05', 6, 2),
  day('2026-05-06', 5, 2),
  day('2026-05-07', 0, 0),
  day('2026-05-08', 4, 2, 1),
  day('2026-05-09', 3, 2, 0, 1),
  day('2026-05-10', 2, 2),
  day('2026-05-11', 50, 5, 9, 9), // tomorrow (bad clock on the writer): ignored
]

const links = [
  { a: 'o', b: 'a' },
  { a: 'a', b: 'o' }, // the same pair again
  { a: 'o', b: 'b' },
  { a: 'o', b: 'c' },
  { a: 'a', b: 'b' },
  { a: 'c', b: 'a' },
  { a: 'a', b: 'a' }, // self
  { a: 'a', b: 'x' }, // x has left
  { a: 'b', b: 'x' },
]

const input: GroupReportInput = {
  roomId: 'g1@chatroom',
  topic: '北京1群',
  now,
  timeZone: 'Asia/Shanghai',
  members,
  days,
  links,
  exempt: ['o'],
  silentDays: 14,
}

describe('groupReport for a scripted history', () => {
  const r = groupReport(input)

  it.each<[keyof GroupReport, unknown]>([
    ['day', '2026-05-10'],
    ['memberCount', 6],
    ['active1', 2], // o, a
    ['active7', 3], // o, a, b
    ['active30', 4], // o, a, b, c
    ['joins7', 1],
    ['leaves7', 1],
    ['introRate', 2 / 5], // of a..e (o exempt): a, b
    ['nicknameRate', 3 / 5], // a, c, e
    ['linkedPairs', 5], // o-a o-b o-c a-b a-c
    ['linkDensity', 5 / 15], // 5 of 6·5/2
    ['daysSinceLastMessage', 0],
    ['silent', 1], // d (40 days); e joined 2 days ago; o exempt
    ['silentDays', 14],
    ['hubName', '张三'], // a and o both have 3 partners; the smaller id wins
    // points: o 60+5+30+8 = 103 (the top 10%), a 40+5+10+10 = 65, b 15, c 3, d 0, e 0
    // core: o (7 days, top points), a (5 days); outer: d (40 days silent), e (never spoke)
    ['tiers', { core: 2, middle: 2, outer: 2 }],
    ['candidateLeaders', [{ id: 'a', name: '张三', partners: 3 }]], // b's nickname is wrong; o is exempt
  ])('%s', (key, expected) => {
    expect(r[key]).toEqual(expected)
  })

  it('compares the weeks', () => {
    expect(r.trend.thisWeek).toEqual({ messages: 28, activeMemberDays: 13 })
    expect(r.trend.previousWeek).toEqual({ messages: 70, activeMemberDays: 21 })
    expect(r.trend.messagesChangePct).toBeCloseTo(-60, 9)
    expect(r.trend.activeChangePct).toBeCloseTo(((13 - 21) / 21) * 100, 9)
  })

  it('warns that the group is decaying, because messages fell by 60%', () => {
    expect(r.hub.share).toBeCloseTo(3 / 5, 12)
    expect(r.decay.level).toBe('decaying')
    expect(r.decay.reasons.map((x) => x.kind)).toEqual(['messagesDrop'])
  })

  it('reads as a compact Chinese report', () => {
    const text = formatGroupReport(r)
    expect(text.split('\n')).toEqual([
      '📊 群报告 · 北京1群 (2026-05-10)',
      '状态: 🟠 衰退',
      '· 本周消息 28 条，上周 70 条 (↓60%)',
      '成员 6 · 发言: 24小时 2 / 7天 3 / 30天 4',
      '7天 进群 +1 / 退群 -1',
      '本周消息 28 (较上周 ↓60%) · 日均发言 1.9 人 (↓38%)',
      '自我介绍 40% · 昵称合规 60%',
      '互动 5 对 · 连接密度 33% · 张三 占 60%',
      '分层: 核心 2 / 中间 2 / 外围 2 · 潜水≥14天 1 人',
      '候选负责人: 张三(与3人互动)',
      '邀请之星: 群主(留下3人)、张三(留下1人)',
    ])
    expect(text.length).toBeLessThan(1800)
  })

  it('counts the last message from the days when the speakers have left', () => {
    const quiet = groupReport({
      ...input,
      members: members.map((m) => ({ ...m, lastMessageAt: m.lastMessageAt === undefined ? undefined : now - 30 * DAY })),
      days: [day('2026-05-01', 3, 1)],
    })
    expect(quiet.daysSinceLastMessage).toBe(9)
    expect(quiet.decay.level).toBe('decaying')
    expect(quiet.decay.reasons[0]).toMatchObject({ kind: 'silence', days: 9 })
  })

  it('handles an empty group', () => {
    const empty = groupReport({ ...input, members: [], days: [], links: [] })
    expect(empty).toMatchObject({ memberCount: 0, introRate: undefined, linkDensity: 0, daysSinceLastMessage: undefined })
    expect(empty.decay.level).toBe('healthy')
    expect(formatGroupReport(empty)).toContain('自我介绍 — · 昵称合规 —')
  })
})

describe('many groups', () => {
  const healthy = groupReport({ ...input, roomId: 'g2', topic: '上海群', days: days.map((d) => ({ ...d, messages: 10 })) })
  const decaying = groupReport(input)
  const dead = groupReport({
    ...input,
    roomId: 'g3',
    topic: '广州群',
    members: members.map((m) => ({ ...m, lastMessageAt: now - 20 * DAY, activeDays7: 0 })),
    days: days.filter((d) => d.day < '2026-04-21'),
  })

  it('orders worst first', () => {
    expect(healthy.decay.level).toBe('healthy')
    expect(dead.decay.level).toBe('dying')
    expect(worstFirst([healthy, decaying, dead]).map((r) => r.topic)).toEqual(['广州群', '北京1群', '上海群'])
  })

  it('adds up', () => {
    expect(summarizeReports([healthy, decaying, dead])).toEqual({
      groups: 3,
      joinsByChannel7: {},
      members: 18,
      active7: 6,
      joins7: 2,
      leaves7: 2,
      messagesThisWeek: 70 + 28 + 0,
      messagesPreviousWeek: 70 + 70 + 0,
      byLevel: { healthy: 1, cooling: 0, decaying: 1, dying: 1 },
    })
  })

  it('prints one line per group, worst first, after the totals', () => {
    const lines = multiGroupReport([healthy, decaying, dead]).split('\n')
    expect(lines.slice(0, 5)).toEqual([
      '📊 群报告 · 3 个群 (2026-05-10)',
      '🔴1 🟠1 🟢1',
      '合计 成员 18 · 7天发言 6 (33%) · 进群 +2 / 退群 -2',
      '本周消息 98 (较上周 ↓30%)',
      '—— 由差到好 ——',
    ])
    expect(lines.slice(5).map((l) => l.split(' ')[1])).toEqual(['广州群', '北京1群', '上海群'])
    expect(lines[5]).toContain('20 天没有人发言')
    expect(lines).toHaveLength(8)
    expect(multiGroupReport([])).toBe('📊 群报告: 没有匹配的群')
  })
})

describe('lists', () => {
  it('formats the silent list with a limit', () => {
    const silent = silentMembers(
      [...members, member('z', '孙八\n换行', {})],
      now,
      14,
      ['o'],
    )
    const text = formatSilentList(
      [
        { topic: '北京1群', silent, memberCount: 7 },
        { topic: '上海群', silent: [] },
      ],
      14,
      1,
    )
    expect(text.split('\n')).toEqual(['🤿 潜水 ≥14 天', '北京1群: 2 人 (共 7 人)', '· 孙八 换行 无发言和进群记录', '…另有 1 人', '上海群: 无'])
    expect(formatSilentList([{ topic: 'g', silent: silent.slice(1) }], 14)).toContain('· 赵六 40 天未发言')
    expect(
      formatSilentList([{ topic: 'g', silent: silentMembers([member('n', '新人', { joinedAt: now - 20 * DAY })], now, 14) }], 14),
    ).toContain('· 新人 进群 20 天从未发言')
  })

  it('formats the leaderboard', () => {
    const text = formatLeaderboard('北京1群', leaderboard(members, defaultPointsConfig, 3))
    expect(text.split('\n')).toEqual([
      '🏆 积分榜 · 北京1群',
      '1. 群主 103分 (发言60 介绍5 邀请30 被@8)',
      '2. 张三 65分 (发言40 介绍5 邀请10 被@10)',
      '3. 李四 15分 (发言10 介绍5)',
    ])
    expect(formatLeaderboard('北京1群', [])).toBe('🏆 积分榜 · 北京1群\n暂无积分')
  })

  it.each<[number | undefined, string]>([
    [undefined, '上周为0'],
    [0, '持平'],
    [0.4, '持平'],
    [12.4, '↑12%'],
    [-59.6, '↓60%'],
  ])('change %p reads %s', (pct, text) => {
    expect(formatChange(pct)).toBe(text)
  })

  it.each([
    [0, '0%'],
    [0.0004, '<0.1%'],
    [0.021, '2.1%'],
    [1 / 3, '33%'],
    [1, '100%'],
  ])('density %p reads %s', (d, text) => {
    expect(formatDensity(d)).toBe(text)
  })
})
