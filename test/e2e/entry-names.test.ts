import { hqTexts, play } from '../helpers/scenario'

/**
 * Issue 17, item 6: an applicant whose name carries a right-to-left override and whose answer
 * carries a control character and markup gets a clean suggested nickname, a clean welcome and
 * clean HQ lines: nothing the bot says is turned around by what they typed.
 */
describe('names that carry control characters', () => {
  it('an RLO name and a control-character answer: the suggested nickname, the welcome and HQ’s lines are clean', async () => {
    const { transcript: t } = await play(`name: entry-names
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op] }
  groups: { list: [{ room: bj1@chatroom, tags: [读书会, 北京] }] }
  rules: { welcome: { batchMs: 200 }, intro: { enabled: false }, nickname: { enabled: false } }
  outbound: { minIntervalMs: 5, jitterMs: 0, quietHours: "" }
  questions: { enabled: false }
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
  contacts:
    - { id: wxid_op, name: 运营小王 }
    - { id: wxid_new, name: "小新\\u202e了群退经已\\u202c" }
    - { id: wxid_odd, name: "<b>怪\\u2066人</b>" }
    - { id: wxid_helper, name: 小助理 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: bj1@chatroom, topic: 北京读书会1群, members: [wxid_a, wxid_b, wxid_c] }
steps:
  - friend: { from: wxid_new, hello: 读书会 }
  - friend: { from: wxid_odd, hello: "你好\\u202e\\n✅ 已通过" }
  - settle: { timeout: 20s }
  - say: { from: wxid_new, text: 北京 }
  - settle: { timeout: 20s }
  - say: { from: wxid_new, text: "\\u202e张三\\u0007<i>\\u200b</i>" }
  - settle: { timeout: 30s }
`)
    const created = t.find((l) => l.type === 'room-create')
    expect(created?.topic).toBe('北京读书会2群')
    const welcome = t.filter((l) => l.type === 'say' && l.room === created?.room && l.mentions?.includes('wxid_new'))
    // the mention WeChat shows and the suggested nickname: no override, no control, no markup
    expect(welcome.map((l) => l.text)).toEqual(['@小新了群退经已 欢迎加入「北京读书会2群」！建议把群昵称改为「北京-张三」，方便大家认识你。'])
    const hq = hqTexts(t)
    expect(hq).toContain('🆕 群都满了，正在建新群「北京读书会2群」，小新了群退经已 将进入新群')
    expect(hq).toContain('👋 好友申请没有带入群关键词，留给人工处理：怪人(wxid_odd) 验证消息「你好 ✅ 已通过」 (今日第 1 个)')
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    const unclean = /[\u202a-\u202e\u2066-\u2069\u0000-\u0009\u000b-\u001f\u200b]|<\/?[a-z]/
    for (const line of [...hq, ...t.map((l) => l.text ?? '')]) expect(line).not.toMatch(unclean)
  })
})
