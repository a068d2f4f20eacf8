import type { TranscriptLine } from '../../src/sim/world'
import { play, says, textIn, hqTexts } from '../helpers/scenario'

const removes = (t: TranscriptLine[]) => t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])

describe('leaders’ #警告 #移出 and HQ’s #黑名单 #移出', () => {
  it('a leader warns (a strike) and removes in their own group only; HQ bans and removes across groups; roles are checked', async () => {
    const { transcript: t } = await play(`name: commands
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1], operator: [wxid_op2] }
  groups:
    list:
      - { room: g1@chatroom, key: g1, leaders: [wxid_lead] }
      - { room: g2@chatroom, key: g2, leaders: [wxid_lead2] }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 1, blacklist: true }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts:
    - { id: wxid_op1, name: 运营小王 }
    - { id: wxid_op2, name: 运营小李 }
    - { id: wxid_lead, name: 负责人 }
    - { id: wxid_u1, name: 张三 }
    - { id: wxid_u2, name: 李四 }
    - { id: wxid_adm, name: 管理员 }
    - { id: wxid_bad, name: 坏人 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_op2] }
    - { id: g1@chatroom, topic: 北京1群, admins: [wxid_adm], members: [wxid_lead, wxid_u1, wxid_u2, wxid_adm] }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_lead2, wxid_lead, wxid_u1, wxid_bad] }
    - { id: g3@chatroom, topic: 北京3群, members: [wxid_bad, wxid_x] }
steps:
  - say: { room: g1@chatroom, from: wxid_lead, text: "#警告 @张三 不要发无关链接", mentions: [wxid_u1] }
  - settle: { timeout: 5s }
  - say: { room: g1@chatroom, from: wxid_u1, url: { title: 领券, url: "https://coupon.example/a" } }
  - settle: { timeout: 5s }
  - say: { room: g1@chatroom, from: wxid_lead, text: "#移出 @李四", mentions: [wxid_u2] }
  - say: { room: g1@chatroom, from: wxid_lead, text: "#移出 @管理员", mentions: [wxid_adm] }
  - say: { room: g2@chatroom, from: wxid_lead, text: "#移出 @坏人", mentions: [wxid_bad] }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op2, text: "#黑名单 wxid_bad" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#黑名单 wxid_op2 试试" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#黑名单 wxid_bad 骚扰群友" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#移出 wxid_x 群:北京3群" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#警告 wxid_x 别发了" }
  - settle: { timeout: 5s }
`)
    // the leader's warning, @-mentioning the member
    expect(says(t, 'g1@chatroom')[0]).toMatchObject({ text: '@张三 ⚠️ 群负责人警告：不要发无关链接。请遵守群规，多次违规将被移出群聊。', mentions: ['wxid_u1'] })
    // it counted as a strike: the first ad (warnings: 1) removes at once, and blacklists
    expect(removes(t)).toEqual([
      ['g1@chatroom', 'wxid_u1', true],
      ['g2@chatroom', 'wxid_u1', true],
      ['g1@chatroom', 'wxid_u2', true],
      ['g2@chatroom', 'wxid_bad', true],
      ['g3@chatroom', 'wxid_bad', true],
      ['g3@chatroom', 'wxid_x', true],
    ])
    const g1 = textIn(t, 'g1@chatroom')
    expect(g1.filter((x) => x.includes('请勿发广告'))).toEqual([])
    expect(g1).toContain('李四 已被群负责人移出群聊。')
    expect(g1).toContain('不能对 管理员 执行：群主、管理员、群负责人和总部成员不受群规约束。')
    // not the leader's group: just chat
    expect(says(t, 'g2@chatroom')).toEqual([])

    const hq = hqTexts(t)
    expect(hq).toContain('🚫 已将 张三(wxid_u1) 移出「北京1群(g1)」：发广告（链接），并加入黑名单（所有管理的群）\n证据：链接 https://coupon.example/a')
    expect(hq).toContain('🚫 群负责人 负责人 已将 李四(wxid_u2) 移出「北京1群(g1)」')
    expect(hq).toContain('无权限: #黑名单 需要 admin')
    expect(hq).toContain('不能把 运营小李 加入黑名单：总部成员和机器人自己不能拉黑。')
    expect(hq).toContain('⛔ 已将 坏人(wxid_bad) 加入黑名单：骚扰群友。所在的管理群会移出，之后再入群也会移出，结果逐群汇报。')
    expect(hq).toContain('🚫 已将黑名单成员 坏人(wxid_bad) 移出「北京2群(g2)」：骚扰群友')
    expect(hq).toContain('🚫 已将黑名单成员 坏人(wxid_bad) 移出「北京3群」：骚扰群友')
    expect(hq).toContain('🚫 将从 1 个群移出 x(wxid_x)：北京3群。结果逐群汇报。')
    expect(hq).toContain('🚫 已按 运营小王 的指令将 x(wxid_x) 移出「北京3群」')
    expect(hq).toContain('#警告 由群负责人在自己的群里使用：#警告 @某人 [原因]。')
  })
})
