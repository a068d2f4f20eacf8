import {
  candidateLeaders,
  defaultPointsConfig,
  isSilent,
  leaderboard,
  memberPoints,
  silentMembers,
  tiers,
  type MemberActivity,
  type PointsConfig,
} from '../../src/core/analytics'

const DAY = 86_400_000
const now = Date.parse('2026-05-10T13:00:00Z')

function member(id: string, over: Partial<MemberActivity> = {}): MemberActivity {
  return {
    id,
    name: id,
    messages30d: 0,
    activeDays7: 0,
    introduced: false,
    nicknameOk: false,
    invites: 0,
    mentionedCount: 0,
    ...over,
  }
}

describe('silentMembers', () => {
  const members = [
    member('fresh', { lastMessageAt: now - 1 * DAY }),
    member('edge', { lastMessageAt: now - 14 * DAY }),
    member('almost', { lastMessageAt: now - 14 * DAY + 1 }),
    member('old', { lastMessageAt: now - 40 * DAY, joinedAt: now - 100 * DAY }),
    member('lurker', { joinedAt: now - 20 * DAY }),
    member('newcomer', { joinedAt: now - 2 * DAY }),
    member('unknown'),
    member('boss', { lastMessageAt: now - 90 * DAY }),
  ]

  it('lists members silent ≥ days, most silent first, exempt left out', () => {
    const got = silentMembers(members, now, 14, ['boss'])
    expect(got.map((s) => [s.member.id, s.silentDays, s.neverSpoke])).toEqual([
      ['unknown', undefined, true],
      ['old', 40, false],
      ['lurker', 20, true],
      ['edge', 14, false],
    ])
  })

  it.each<[string, Partial<MemberActivity>, number, boolean]>([
    ['spoke yesterday', { lastMessageAt: now - DAY }, 1, true],
    ['spoke a moment under a day ago', { lastMessageAt: now - DAY + 1 }, 1, false],
    ['never spoke, joined long ago', { joinedAt: now - 30 * DAY }, 14, true],
    ['never spoke, joined recently', { joinedAt: now - 3 * DAY }, 14, false],
    ['nothing known', {}, 365, true],
    ['spoke recently after joining long ago', { joinedAt: now - 99 * DAY, lastMessageAt: now - DAY }, 14, false],
  ])('%s', (_name, over, days, expected) => {
    expect(isSilent(member('x', over), now, days)).toBe(expected)
  })

  it('orders equal silence by name', () => {
    const got = silentMembers([member('b', { name: '王五' }), member('a', { name: '李四' })], now, 1)
    expect(got.map((s) => s.member.name)).toEqual(['李四', '王五'])
  })
})

describe('memberPoints', () => {
  const cfg: PointsConfig = { message: 1, messageDailyCap: 20, intro: 5, invite: 10, mentioned: 2, inviteHoldDays: 3 }

  it.each<[string, Partial<MemberActivity>, Partial<PointsConfig>, number]>([
    ['messages under the cap', { dailyMessages: { '2026-05-01': 5, '2026-05-02': 7 } }, {}, 12],
    ['each day capped on its own', { dailyMessages: { '2026-05-01': 30, '2026-05-02': 5, '2026-05-03': 20 } }, {}, 45],
    ['message weight applies after the cap', { dailyMessages: { '2026-05-01': 30, '2026-05-02': 5 } }, { message: 2 }, 50],
    ['cap 0 means no cap', { dailyMessages: { '2026-05-01': 30, '2026-05-02': 5 } }, { messageDailyCap: 0 }, 35],
    ['per-day counts win over the 30-day count', { messages30d: 999, dailyMessages: { '2026-05-01': 3 } }, {}, 3],
    ['without per-day counts: 30 days of cap at most', { messages30d: 999 }, {}, 600],
    ['without per-day counts, under that', { messages30d: 42 }, {}, 42],
    ['intro, invites and mentions', { introduced: true, invites: 2, mentionedCount: 3 }, {}, 5 + 20 + 6],
    ['nothing', {}, {}, 0],
  ])('%s → %i', (_name, over, cfgOver, total) => {
    expect(memberPoints(member('x', over), { ...cfg, ...cfgOver }).total).toBe(total)
  })

  it('breaks the total down', () => {
    const m = member('x', { dailyMessages: { d1: 25 }, introduced: true, invites: 1, mentionedCount: 4 })
    expect(memberPoints(m, cfg)).toEqual({ messages: 20, intro: 5, invites: 10, mentioned: 8, total: 43 })
  })
})

describe('leaderboard', () => {
  const cfg = defaultPointsConfig
  const members = [
    member('a', { name: '张三', messages30d: 10 }),
    member('b', { name: '李四', messages30d: 30 }),
    member('c', { name: '王五', invites: 2 }), // 20
    member('d', { name: '赵六', messages30d: 20 }), // 20, ties with 王五
    member('e', { name: '钱七' }), // no points
  ]

  it('orders by points, ties share a rank and read by name, no zero rows', () => {
    expect(leaderboard(members, cfg).map((e) => [e.rank, e.member.name, e.points.total])).toEqual([
      [1, '李四', 30],
      [2, '王五', 20],
      [2, '赵六', 20],
      [4, '张三', 10],
    ])
  })

  it.each([
    [0, 0],
    [2, 2],
    [10, 4],
  ])('limit %i gives %i rows', (limit, rows) => {
    expect(leaderboard(members, cfg, limit)).toHaveLength(rows)
  })
})

describe('tiers', () => {
  const cfg = defaultPointsConfig
  // 10 members, so the top 10% of points is one member
  const members = [
    member('daily', { lastMessageAt: now - DAY, activeDays7: 4, messages30d: 5 }),
    member('recruiter', { lastMessageAt: now - 5 * DAY, activeDays7: 1, invites: 9 }), // 90 points: top
    member('casual', { lastMessageAt: now - 2 * DAY, activeDays7: 3, messages30d: 40 }),
    member('lapsed-star', { lastMessageAt: now - 20 * DAY, activeDays7: 0, invites: 5 }), // 50 points, but silent: outer wins
    member('quiet', { lastMessageAt: now - 13 * DAY }),
    member('gone-quiet', { lastMessageAt: now - 14 * DAY }),
    member('newcomer', { joinedAt: now - DAY }),
    member('unknown'),
    member('m9', { lastMessageAt: now - 3 * DAY, activeDays7: 2 }),
    member('m10', { lastMessageAt: now - 3 * DAY, activeDays7: 1 }),
  ]

  it('sorts members into core, middle and outer', () => {
    const t = tiers(members, now, { points: cfg })
    expect({
      core: t.core.map((m) => m.id),
      middle: t.middle.map((m) => m.id),
      outer: t.outer.map((m) => m.id),
    }).toEqual({
      core: ['daily', 'recruiter'],
      middle: ['casual', 'quiet', 'm9', 'm10'],
      outer: ['lapsed-star', 'gone-quiet', 'newcomer', 'unknown'],
    })
  })

  it('uses the configured silence for the outer layer', () => {
    expect(tiers(members, now, { outerSilentDays: 30 }).outer.map((m) => m.id)).toEqual(['newcomer', 'unknown'])
  })

  it('puts ties at the top-points cut-off in the core', () => {
    const t = tiers(
      [
        member('a', { lastMessageAt: now, invites: 1 }),
        member('b', { lastMessageAt: now, invites: 1 }),
        member('c', { lastMessageAt: now, messages30d: 1 }),
      ],
      now,
    )
    expect(t.core.map((m) => m.id)).toEqual(['a', 'b'])
  })
})

describe('candidateLeaders', () => {
  const good = { introduced: true, nicknameOk: true, activeDays7: 3, lastMessageAt: now - DAY }
  const members = [
    member('hub', { ...good, activeDays7: 6 }),
    member('peer', { ...good, messages30d: 50 }),
    member('peer2', { ...good, messages30d: 10 }),
    member('no-intro', { ...good, introduced: false }),
    member('bad-nick', { ...good, nicknameOk: false }),
    member('lazy', { ...good, activeDays7: 2 }),
    member('owner', { ...good, activeDays7: 7 }),
    member('x'),
  ]
  const everyone = members.map((m) => m.id)
  // everyone linked with everyone, except peer2 with only three others
  const links = everyone
    .flatMap((a, i) => everyone.slice(i + 1).map((b) => ({ a, b })))
    .filter(({ a, b }) => (a !== 'peer2' && b !== 'peer2') || ['hub', 'peer', 'x'].includes(a === 'peer2' ? b : a))

  it('lists active, linked, compliant members, most linked first', () => {
    expect(candidateLeaders(members, links, now, { exempt: ['owner'] }).map((c) => [c.member.id, c.partners])).toEqual([
      ['hub', 7],
      ['peer', 7],
      ['peer2', 3],
    ])
  })

  it.each<[string, Partial<MemberActivity>]>([
    ['not spoken for a week', { lastMessageAt: now - 7 * DAY }],
    ['never spoken', { lastMessageAt: undefined }],
  ])('leaves out a member who has %s', (_name, over) => {
    const ms = members.map((m) => (m.id === 'hub' ? { ...m, ...over } : m))
    expect(candidateLeaders(ms, links, now).map((c) => c.member.id)).not.toContain('hub')
  })

  it('needs links with 3 distinct current members', () => {
    const few = [member('a', good), member('b', good), member('c', good)]
    expect(candidateLeaders(few, [{ a: 'a', b: 'b' }, { a: 'a', b: 'c' }, { a: 'a', b: 'gone' }], now)).toEqual([])
  })

  it('honours the limit', () => {
    expect(candidateLeaders(members, links, now, { limit: 1 })).toHaveLength(1)
  })
})
