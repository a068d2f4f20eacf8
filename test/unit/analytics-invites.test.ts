import type { MemberRecord } from '../../src/store/activity-codec'
import type { GroupActivity } from '../../src/store/activity-store'
import { heldInvites } from '../../src/plugins/analytics/to-activity'
import { multiGroupReport } from '../../src/plugins/analytics/reports'
import { groupReport, inviteBoard, summarizeReports, sumChannels, type MemberActivity } from '../../src/core/analytics'
import { formatInviteBoard, formatJoinChannels } from '../../src/texts'
import { isJoinChannel } from '../../src/store/entry-channels'

const DAY = 86_400_000
const NOW = 100 * DAY

/** inviter #1 brought members #2…; each invitee: [joined days ago, left days ago (or none)] */
function activity(invitees: Array<[number, number | undefined]>): GroupActivity {
  const members = new Map<string, MemberRecord>()
  members.set('wxid_inviter', { idx: 1, invites: invitees.length, mentioned: 0, introduced: false })
  invitees.forEach(([joined, left], i) => {
    members.set(`wxid_${i}`, {
      idx: i + 2,
      inviterIdx: 1,
      joinedAt: NOW - joined * DAY,
      ...(left !== undefined ? { leftAt: NOW - left * DAY } : {}),
      invites: 0,
      mentioned: 0,
      introduced: false,
    })
  })
  return { since: 0, members, ids: new Map([...members].map(([id, r]) => [r.idx, id])), days: [], links: [] }
}

describe('heldInvites: an invite counts once the invitee stayed the hold', () => {
  it.each<[string, Array<[number, number | undefined]>, number, number]>([
    ['still there after the hold', [[4, undefined]], 3, 1],
    ['still there, hold not over yet', [[2, undefined]], 3, 0],
    ['left within the hold (the fraud)', [[10, 9.5]], 3, 0],
    ['left after the hold: the points stay', [[10, 5]], 3, 1],
    ['exactly the hold', [[3, undefined]], 3, 1],
    ['hold 0 counts at once', [[0, undefined]], 0, 1],
    ['a mix', [[4, undefined], [4, 3.5], [1, undefined], [20, 2]], 3, 2],
  ])('%s', (_what, invitees, holdDays, expected) => {
    expect(heldInvites(activity(invitees), NOW, holdDays).get(1) ?? 0).toBe(expected)
  })
})

const member = (id: string, name: string, invites: number): MemberActivity => ({
  id,
  name,
  messages30d: 0,
  activeDays7: 0,
  introduced: false,
  nicknameOk: true,
  invites,
  mentionedCount: 0,
})

describe('#邀请榜', () => {
  it('ranks by invitees who stayed, ties share a rank in name order, members with none left out', () => {
    const board = inviteBoard([member('c', '王五', 1), member('a', '张三', 2), member('b', '李四', 1), member('d', '赵六', 0)])
    expect(board.map((e) => [e.rank, e.member.name, e.invites])).toEqual([
      [1, '张三', 2],
      [2, '李四', 1],
      [2, '王五', 1],
    ])
    expect(formatInviteBoard('北京1群', board, 3)).toBe('🤝 邀请榜 · 北京1群 (留满3天才计)\n1. 张三 邀请留下 2 人\n2. 李四 邀请留下 1 人\n2. 王五 邀请留下 1 人')
    expect(formatInviteBoard('2 个群', [], 3)).toBe('🤝 邀请榜 · 2 个群 (留满3天才计)\n暂无留下的受邀成员')
  })

  it('joins by channel: summed over days, most first, named for operators', () => {
    const sum = sumChannels([{ channels: { member: 2, 'keyword:读书会': 1 } }, {}, { channels: { code: 3, member: 1, unknown: 1 } }])
    expect(sum).toEqual({ member: 3, 'keyword:读书会': 1, code: 3, unknown: 1 })
    expect(formatJoinChannels(sum)).toBe('7天进群渠道: 入群码 3 · 成员邀请 3 · 关键词「读书会」 1 · 其他 1')
    expect(formatJoinChannels({})).toBe('')
  })

  it('a channel is keyword:<kw>, code, member or unknown', () => {
    expect(['keyword:读书会', 'code', 'member', 'unknown'].every(isJoinChannel)).toBe(true)
    expect(['keyword:', 'poster', ''].some(isJoinChannel)).toBe(false)
  })
})

describe('joins by channel in the reports', () => {
  const base = {
    roomId: 'g1',
    topic: '北京1群',
    now: Date.UTC(2026, 4, 10, 4),
    timeZone: 'Asia/Shanghai',
    members: [member('a', '张三', 2), member('b', '李四', 0)],
    links: [],
  }
  const day = (d: string, channels: Record<string, number>) => ({ day: d, messages: 1, activeMembers: 1, joins: 1, leaves: 0, channels })

  it('a group counts its last 7 days; many groups add up and print one line after the totals', () => {
    const g1 = groupReport({ ...base, days: [day('2026-05-01', { member: 5 }), day('2026-05-09', { member: 1, 'keyword:读书会': 2 })] })
    const g2 = groupReport({ ...base, roomId: 'g2', topic: '北京2群', days: [day('2026-05-10', { code: 1, member: 1 })] })
    expect(g1.joinsByChannel7).toEqual({ member: 1, 'keyword:读书会': 2 })
    expect(g1.topInviters).toEqual([{ id: 'a', name: '张三', invites: 2 }])
    expect(summarizeReports([g1, g2]).joinsByChannel7).toEqual({ member: 2, 'keyword:读书会': 2, code: 1 })
    expect(multiGroupReport([g1, g2]).split('\n')[4]).toBe('7天进群渠道: 关键词「读书会」 2 · 成员邀请 2 · 入群码 1')
  })
})
