import { play, textIn } from '../helpers/scenario'

describe('#规则 查看', () => {
  it("shows a group's effective rules (its override merged over the defaults) and who breaks the nickname format", async () => {
    const { transcript: t } = await play(`name: rules-show
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_boss] }
  groups:
    list:
      - { room: g1@chatroom, key: bj1, leaders: [wxid_lead], rules: { nickname: { action: warn }, dryRun: true } }
  rules:
    welcome: { enabled: false }
    intro: { enabled: false }
    nickname: { graceMs: 600000, example: 北京-张三-教育 }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  contacts: [{ id: wxid_bad, name: 小张 }, { id: wxid_lead, name: 班长 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_boss] }
    - id: g1@chatroom
      topic: 北京1群
      members: [wxid_ok, wxid_bad, wxid_lead]
      aliases: { wxid_ok: 北京-李四-金融 }
steps:
  - say: { room: hq@chatroom, from: wxid_boss, text: "#规则 查看 bj1" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_boss, text: "#规则 查看 没有这个群" }
  - settle: { timeout: 10s }
`)
    const [shown, unknown] = textIn(t, 'hq@chatroom')
    expect(shown).toContain('「北京1群(bj1)」生效的规则（演练模式')
    expect(shown).toContain('格式如「北京-张三-教育」，处理: 警告')
    expect(shown).toContain('自我介绍: 关')
    expect(shown).toContain('wxid_bad')
    expect(shown).not.toContain('wxid_ok')
    expect(shown).not.toContain('wxid_lead') // leaders are exempt
    expect(unknown).toContain('没有找到群「没有这个群」')
  })
})
