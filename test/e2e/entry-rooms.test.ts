import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play } from '../helpers/scenario'

const NEW = 'wxid_new'
const toContact = (t: TranscriptLine[], id: string) => t.filter((l) => l.type === 'say' && l.contact === id).map((l) => l.text ?? '')

const base = `
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op] }
  rules: { welcome: { batchMs: 200 }, intro: { enabled: false }, nickname: { enabled: false } }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  questions: { enabled: false }`

describe('the entry gate with full groups and pending invitations', () => {
  it('a full city triggers auto-create: the next group is made with the newcomer, tagged like the full one, its rules announced, the newcomer welcomed there', async () => {
    const { transcript: t } = await play(`name: entry-auto-create
config:${base}
  groups: { list: [{ room: bj1@chatroom, tags: [读书会, 北京] }, { room: sh1@chatroom, tags: [读书会, 上海] }] }
  entry:
    digestMs: 0
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    roomCapacity: 4
    warnAt: 0
    autoCreate: { enabled: true, topic: "{城市}读书会{n}群", members: [wxid_helper] }
    forms:
      - target: "标签:读书会"
        nickname: "{城市}-{称呼}"
        questions:
          - { id: 城市, ask: 你在哪个城市？, choices: [北京, 上海], route: true }
          - { id: 称呼, ask: 怎么称呼你？ }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }, { id: ${NEW}, name: 小新 }, { id: wxid_helper, name: 小助理 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: bj1@chatroom, topic: 北京读书会1群, members: [wxid_a, wxid_b, wxid_c] }
    - { id: sh1@chatroom, topic: 上海读书会1群, members: [wxid_e] }
steps:
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 北京 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 小新 }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op, text: "#群列表 标签:北京" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op, text: "#报告 群:北京读书会2群" }
  - settle: { timeout: 20s }
`)
    const created = t.filter((l) => l.type === 'room-create')
    expect(created.map((l) => [l.topic, [...((l.contacts as string[] | undefined) ?? [])].sort()])).toEqual([['北京读书会2群', [NEW, 'wxid_helper'].sort()]])
    const room = created[0]!.room!
    expect(t.filter((l) => l.type === 'invite')).toEqual([]) // the newcomer is in the group from its creation
    expect(t.filter((l) => l.type === 'announce' && l.room === room).map((l) => l.text)).toEqual([expect.stringMatching(/^欢迎来到「北京读书会2群」。群规：/)])
    // the gate welcomes the newcomer; the assistant added with them gets the rules' welcome
    const welcomes = t.filter((l) => l.type === 'say' && l.room === room)
    expect(welcomes.filter((l) => l.mentions?.includes(NEW)).map((l) => l.text)).toEqual(['@小新 欢迎加入「北京读书会2群」！建议把群昵称改为「北京-小新」，方便大家认识你。'])
    expect(toContact(t, NEW)).toContain('正在为你开一个新群，稍等片刻。')
    const hq = hqTexts(t)
    expect(hq).toContain('🆕 群都满了，正在建新群「北京读书会2群」，小新 将进入新群')
    expect(hq).toContain('🆕 已建新群「北京读书会2群」，标签：读书会,北京')
    // the registry knows the new group with the copied tags: it is a Beijing group now
    expect(hq.find((x) => x.includes('北京读书会1群'))).toContain('北京读书会2群')
    // the newcomer's join came before the group's id was known, and still counts under the keyword
    // (the assistant added with them has no channel: 其他)
    const report = hq.find((x) => x.startsWith('📊 群报告 · 北京读书会2群'))
    expect(report).toContain('7天进群渠道: 关键词「读书会」 1 · 其他 1')
  })

  it('above 40 members the invitation waits: accepted, it closes the application with the welcome', async () => {
    const { transcript: t } = await play(`name: entry-accept-invite
config:${base}
  groups: { list: [{ room: big1@chatroom, tags: [读书会] }] }
  entry:
    digestMs: 0
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    inviteTimeoutMs: 3600000
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }, { id: ${NEW}, name: 小新 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
  generate:
    - { count: 1, id: "big{i}@chatroom", topic: "读书会大群{i}", members: 45 }
steps:
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
  - acceptInvite: { contact: ${NEW}, room: big1@chatroom }
  - settle: { timeout: 20s }
`)
    expect(t.filter((l) => l.type === 'invite-pending').map((l) => [l.room, l.contact])).toEqual([['big1@chatroom', NEW]])
    expect(t.filter((l) => l.type === 'say' && l.room === 'big1@chatroom').map((l) => [l.text, l.mentions])).toEqual([
      ['@小新 欢迎加入「读书会大群1」！', [NEW]],
    ])
    expect(toContact(t, NEW)).toEqual(['收到，谢谢！正在为你安排合适的群，稍等片刻。', '正在邀请你加入「读书会大群1」，如收到群邀请请点击接受。'])
  })

  it('an invitation never accepted is reminded once, then reported to HQ, and the application closes', async () => {
    const { transcript: t } = await play(`name: entry-invite-lapses
config:${base}
  groups: { list: [{ room: big1@chatroom, tags: [读书会] }] }
  entry:
    digestMs: 0
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    inviteTimeoutMs: 300
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }, { id: ${NEW}, name: 小新 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
  generate:
    - { count: 1, id: "big{i}@chatroom", topic: "读书会大群{i}", members: 45 }
steps:
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
`)
    // each application: one reminder, then one report; the first is closed by its report, so the
    // second keyword starts a new application (a second invitation), not "already invited"
    const said = toContact(t, NEW)
    const reminder = '提醒：你还没有加入「读书会大群1」，请在聊天记录里找到群邀请并点击接受。'
    expect(said.filter((x) => x.startsWith('提醒：'))).toEqual([reminder, reminder])
    expect(said).not.toContain('已经邀请过你加入「读书会大群1」，请留意群邀请。')
    expect(hqTexts(t)).toEqual(Array(2).fill('⏰ 小新(wxid_new) 已提醒过，仍未接受「读书会大群1」的群邀请，申请关闭'))
    expect(t.filter((l) => l.type === 'invite-pending').length).toBe(2)
    // the reminder comes after the invitation and before the report
    const first = (type: string, pred: (l: TranscriptLine) => boolean) => t.findIndex((l) => l.type === type && pred(l))
    expect(first('invite-pending', () => true)).toBeLessThan(first('say', (l) => l.text === reminder))
    expect(first('say', (l) => l.text === reminder)).toBeLessThan(first('say', (l) => l.room === 'hq@chatroom'))
  })
})
