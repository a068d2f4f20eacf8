import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import { createEntryChannels } from '../../src/store/entry-channels'
import { createKeys } from '../../src/store/keys'
import { play, REDIS_URL, textIn } from '../helpers/scenario'

/**
 * Who brought whom (issue 12 item 5): invite points wait for the invitee to stay
 * `inviteHoldDays`; a friend who leaves within the hold earns the inviter nothing. The
 * scenario's clock is the test's: it jumps four days after the leave has been noticed.
 */

const SCENARIO = `name: who-brought-whom
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op] }
  groups:
    list:
      - { room: g1@chatroom, key: bj1, tags: [北京] }
  outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  questions: { enabled: false }
  analytics: { report: '', points: { inviteHoldDays: 3 } }
world:
  contacts: [{ id: wxid_u1, name: 张三 }, { id: wxid_u2, name: 李四 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_u1, wxid_u2] }
steps:
  - join: { room: g1@chatroom, contacts: [wxid_a, wxid_b, wxid_e], inviter: wxid_u1 }
  - join: { room: g1@chatroom, contacts: [wxid_c], inviter: wxid_u2 }
  - join: { room: g1@chatroom, contacts: [wxid_d], inviter: wxid_bot }
  - settle: {}
  - leave: { room: g1@chatroom, contacts: [wxid_b] }
  - say: { room: hq@chatroom, from: wxid_op, text: "#报告" }
  - say: { room: hq@chatroom, from: wxid_op, text: "#邀请榜" }
  - settle: {}
  - say: { room: hq@chatroom, from: wxid_op, text: "#邀请榜" }
  - say: { room: hq@chatroom, from: wxid_op, text: "#报告" }
  - say: { room: hq@chatroom, from: wxid_op, text: "#积分榜" }
  - settle: {}
`

describe('who brought whom', () => {
  it('invites count after the hold; one who left within it earns nothing; #报告 shows joins by channel and top inviters', async () => {
    const prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    const redis = new IORedis(REDIS_URL)
    // the real clock plus a jump: a frozen clock would hold paced sends for ever
    let offset = 0
    try {
      const { transcript } = await play(SCENARIO, {
        prefix,
        now: () => Date.now() + offset,
        afterStep: async (i) => {
          // the entry gate marks the channel before the bot's invite (here: before wxid_d's join)
          if (i === 1) await createEntryChannels(redis, createKeys(prefix), () => undefined).mark('g1@chatroom', 'wxid_d', 'keyword:读书会')
          // the leave was noticed by the first #报告; now four days pass
          if (i === 7) offset += 4 * 86_400_000
        },
      })
      const hq = textIn(transcript, 'hq@chatroom')
      const reports = hq.filter((t) => t.startsWith('📊'))
      const boards = hq.filter((t) => t.startsWith('🤝'))
      expect(reports).toHaveLength(2)
      expect(boards).toHaveLength(2)

      // at once: nobody has stayed three days yet
      expect(boards[0]).toBe('🤝 邀请榜 · 北京1群 (留满3天才计)\n暂无留下的受邀成员')
      expect(reports[0]).not.toContain('邀请之星')
      expect(reports[0]).toContain('7天进群渠道: 成员邀请 4 · 关键词「读书会」 1')

      // four days later: 张三's wxid_a and wxid_e stayed, wxid_b left within the hold and earns nothing
      expect(boards[1]).toBe('🤝 邀请榜 · 北京1群 (留满3天才计)\n1. 张三 邀请留下 2 人\n2. 李四 邀请留下 1 人')
      expect(reports[1]).toContain('7天 进群 +5 / 退群 -1')
      expect(reports[1]).toContain('7天进群渠道: 成员邀请 4 · 关键词「读书会」 1')
      expect(reports[1]).toContain('邀请之星: 张三(留下2人)、李四(留下1人)')
      // the points: 10 an invitee who stayed, not three for 张三
      const points = hq.find((t) => t.startsWith('🏆'))
      expect(points).toMatch(/张三 20分 \(邀请20\)/)
      expect(points).toMatch(/李四 10分 \(邀请10\)/)
      // the channel mark was taken at the join
      expect(await redis.exists(createKeys(prefix).joinChannel('g1@chatroom', 'wxid_d'))).toBe(0)
    } finally {
      redis.disconnect()
    }
  })
})
