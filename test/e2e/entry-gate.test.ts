import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play, until } from '../helpers/scenario'

const NEW = 'wxid_new'
const toContact = (t: TranscriptLine[], id: string) => t.filter((l) => l.type === 'say' && l.contact === id).map((l) => l.text ?? '')

/** three reading groups: 北京1群 full at capacity 4 (the bot counts), 北京2群 and 上海1群 with room */
const config = (entry: string) => `
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op] }
  groups:
    list:
      - { room: bj1@chatroom, tags: [读书会, 北京] }
      - { room: bj2@chatroom, tags: [读书会, 北京] }
      - { room: sh1@chatroom, tags: [读书会, 上海] }
  rules: { welcome: { batchMs: 200 }, intro: { enabled: false }, nickname: { enabled: false } }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  questions: { enabled: false }
  entry:
    digestMs: 0
${entry}
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }, { id: ${NEW}, name: 小新 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: bj1@chatroom, topic: 北京读书会1群, members: [wxid_a, wxid_b, wxid_c] }
    - { id: bj2@chatroom, topic: 北京读书会2群, members: [wxid_d] }
    - { id: sh1@chatroom, topic: 上海读书会1群, members: [wxid_e] }
`

const form = `
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    roomCapacity: 4
    warnAt: 1
    answerTimeoutMs: 3600000
    inviteTimeoutMs: 3600000
    forms:
      - target: "标签:读书会"
        nickname: "{城市}-{称呼}-{行业}"
        questions:
          - { id: 城市, ask: 你在哪个城市？, choices: [北京, 上海], route: true }
          - { id: 称呼, ask: 怎么称呼你？, pattern: "^\\\\p{Script=Han}{2,4}$", hint: 请写 2 到 4 个汉字 }
          - { id: 行业, ask: 你做什么行业？ }`

describe('the entry gate', () => {
  it('keyword → form with one wrong answer → routed by city into the group with room → joined → welcomed with the suggested nickname', async () => {
    const { transcript: t } = await play(`name: entry-form
${config(form).replace('nickname: { enabled: false }', 'nickname: { graceMs: 300, action: remind }')}
steps:
  - friend: { from: ${NEW}, hello: 你好，我想加入读书会 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 广州 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 北京 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 李四 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 教育 }
  - settle: { timeout: 20s }
`)
    expect(t.filter((l) => l.type === 'accept-friend').map((l) => l.contact)).toEqual([NEW])
    expect(toContact(t, NEW)).toEqual([
      '你好！进群前请回答 3 个小问题，直接回复即可。',
      '(1/3) 你在哪个城市？\n可选：北京 / 上海',
      '请从这几项里选一个回复：北京 / 上海\n(1/3) 你在哪个城市？\n可选：北京 / 上海',
      '(2/3) 怎么称呼你？',
      '(3/3) 你做什么行业？',
      '收到，谢谢！正在为你安排合适的群，稍等片刻。',
      '正在邀请你加入「北京读书会2群」，如收到群邀请请点击接受。',
    ])
    // 北京1群 is full (3 members and the bot at capacity 4): the next Beijing group, not Shanghai's
    expect(t.filter((l) => l.type === 'invite').map((l) => [l.room, l.contact])).toEqual([['bj2@chatroom', NEW]])
    // the gate's welcome names the suggested nickname; the rules' batch welcome leaves them out (one welcome, not two)
    const welcome = t.filter((l) => l.type === 'say' && l.room === 'bj2@chatroom')
    expect(welcome[0]?.text).toContain('欢迎加入「北京读书会2群」！建议把群昵称改为「北京-李四-教育」')
    expect(welcome[0]?.mentions).toEqual([NEW])
    // the rules' nickname reminders repeat the suggestion, not the group's generic example 「北京-张三-教育」
    const reminders = welcome.slice(1).map((l) => l.text ?? '')
    expect(reminders.length).toBeGreaterThan(0)
    for (const r of reminders) expect(r).toContain('请把群昵称改为「北京-李四-教育」这样的格式')
    // 北京2群 now holds 3 of 4: one seat left in Beijing's groups, so HQ is told before they are full
    expect(hqTexts(t)).toEqual(['⚠️ 「标签:读书会 北京」的群只剩 1 个空位，请尽快建新群'])
  })

  it('#报告 shows who came through the gate and what they chose, and the gate’s day and week over every group', async () => {
    const { transcript: t } = await play(`name: entry-report
${config(form)}
steps:
  - friend: { from: wxid_x, hello: 你好 }
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 北京 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 李四 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 教育 }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op, text: "#报告 群:北京读书会2群" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op, text: "#报告" }
  - settle: { timeout: 20s }
`)
    expect(t.filter((l) => l.type === 'invite').map((l) => [l.room, l.contact])).toEqual([['bj2@chatroom', NEW]])
    const hq = hqTexts(t)
    const one = hq.find((x) => x.startsWith('📊 群报告 · 北京读书会2群'))
    // the choice answer (city) is counted; the free ones (name, industry) stay out of the report
    expect(one).toContain('\n经门槛入群 1 人 · 城市: 北京 1')
    expect(one).not.toContain('教育')
    // the gate's counts belong to no one group
    expect(one).not.toContain('入群门槛')
    const all = hq.find((x) => x.startsWith('📊 群报告 · 3 个群'))
    expect(all).toContain('\n经门槛入群 1 人 · 城市: 北京 1\n')
    expect(all).toContain('\n入群门槛 今日/7天: 申请 1/1 · 入群 1/1 · 超时 0/0 · 留给人工的好友申请 1/1')
  })

  it('a question left unanswered ends the application politely; the keyword starts it again', async () => {
    const { transcript: t } = await play(`name: entry-timeout
${config(form.replace('answerTimeoutMs: 3600000', 'answerTimeoutMs: 300'))}
steps:
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
  - say: { from: ${NEW}, text: 读书会 }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op, text: "#报告" }
  - settle: { timeout: 20s }
`)
    // both applications are counted as started and timed out; nobody came in through the gate
    const report = hqTexts(t).find((x) => x.startsWith('📊 群报告'))
    expect(report).toContain('入群门槛 今日/7天: 申请 2/2 · 入群 0/0 · 超时 2/2 · 留给人工的好友申请 0/0')
    expect(report).not.toContain('经门槛入群')
    const said = toContact(t, NEW)
    expect(said).toEqual([
      '你好！进群前请回答 3 个小问题，直接回复即可。',
      '(1/3) 你在哪个城市？\n可选：北京 / 上海',
      '申请超时啦，这次先到这里。想进群时再发一次关键词就好，我们随时欢迎你。',
      '你好！进群前请回答 3 个小问题，直接回复即可。',
      '(1/3) 你在哪个城市？\n可选：北京 / 上海',
      '申请超时啦，这次先到这里。想进群时再发一次关键词就好，我们随时欢迎你。',
    ])
    expect(t.filter((l) => l.type === 'invite')).toEqual([])
  })

  it('someone already in one of the target’s groups is told so, and nobody is invited', async () => {
    const { transcript: t } = await play(`name: entry-member
${config(`    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]`)}
steps:
  - say: { from: wxid_e, text: 读书会 }
  - settle: { timeout: 20s }
`)
    expect(toContact(t, 'wxid_e')).toEqual(['收到，谢谢！正在为你安排合适的群，稍等片刻。', '你已经在「上海读书会1群」里啦，不用再申请。'])
    expect(t.filter((l) => l.type === 'invite')).toEqual([])
  })

  it('a request without a keyword is left alone and HQ hears of it, with the day’s count', async () => {
    const { transcript: t } = await play(`name: entry-unmatched
${config(form)}
steps:
  - friend: { from: wxid_x, hello: 你好 }
  - friend: { from: wxid_y, hello: "" }
  - settle: { timeout: 20s }
`)
    expect(t.filter((l) => l.type === 'accept-friend')).toEqual([])
    expect(toContact(t, 'wxid_x')).toEqual([])
    expect(hqTexts(t).sort()).toEqual([
      expect.stringMatching(/^👋 好友申请没有带入群关键词，留给人工处理：\S+\(wxid_x\) 验证消息「你好」 \(今日第 [12] 个\)$/),
      expect.stringMatching(/^👋 好友申请没有带入群关键词，留给人工处理：\S+\(wxid_y\) 验证消息「（空）」 \(今日第 [12] 个\)$/),
    ])
  })

  it('a code is spent once: the first friend gets in, the second is refused; a malformed #入群码 gets its usage', async () => {
    let code = ''
    const { transcript: t } = await play(
      `name: entry-codes
${config(`    roomCapacity: 100
    forms: []`)}
steps:
  - say: { room: hq@chatroom, from: wxid_op, text: "#入群码 生成 1 标签:读书会" }
  - say: { room: hq@chatroom, from: wxid_op, text: "#入群码 生成 两个 标签:读书会" }
  - settle: { timeout: 20s }
`,
      {
        afterStep: async (i, _step, bot, world) => {
          if (i !== 2) return
          code = /\n([2-9A-Z]{8})$/.exec(hqTexts(world.transcript).find((x) => x.startsWith('🎟')) ?? '')?.[1] ?? ''
          world.contactSay('wxid_p1', { kind: 'text', text: code.toLowerCase() })
          await until(world, 'the first invite', (tr) => tr.some((l) => l.type === 'invite'))
          world.contactSay('wxid_p2', { kind: 'text', text: code })
          await bot.settled(20_000)
          world.memberSay('hq@chatroom', 'wxid_op', { kind: 'text', text: '#报告 群:北京读书会1群' })
          await bot.settled(20_000)
        },
      },
    )
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
    const hq = hqTexts(t)
    // who brought whom: the code's join is counted under its channel in #报告
    expect(hq.find((x) => x.includes('进群渠道'))).toContain('入群码 1')
    // the two replies race (a parse error needs no Redis), so in any order
    expect([...hq].filter((x) => !x.includes('进群渠道')).sort()).toEqual(
      [
        `🎟 已生成 1 个入群码 (目标 标签:读书会，每个只能用一次，90 天内有效)：\n${code}`,
        '数量 两个 要是 1 到 500 的整数。用法: #入群码 生成 <数量> <目标>  例: #入群码 生成 20 标签:训练营',
      ].sort(),
    )
    // no form for the target: straight to the first group with room
    expect(t.filter((l) => l.type === 'invite').map((l) => [l.room, l.contact])).toEqual([['bj1@chatroom', 'wxid_p1']])
    expect(toContact(t, 'wxid_p2')).toEqual(['这个入群码已经用过了，每个码只能用一次。如有疑问请联系工作人员。'])
  })

  it('a code made for 「标签：读书会」 (full-width colon) asks the form written for 「标签:读书会」', async () => {
    const { transcript: t } = await play(
      `name: entry-code-form
${config(form)}
steps:
  - say: { room: hq@chatroom, from: wxid_op, text: "#入群码 生成 1 标签：读书会" }
  - settle: { timeout: 20s }
`,
      {
        afterStep: async (i, _step, bot, world) => {
          if (i !== 1) return
          const code = /\n([2-9A-Z]{8})$/.exec(hqTexts(world.transcript).find((x) => x.startsWith('🎟')) ?? '')?.[1] ?? ''
          world.contactSay('wxid_p1', { kind: 'text', text: code })
          await bot.settled(20_000)
        },
      },
    )
    expect(toContact(t, 'wxid_p1')).toEqual(['你好！进群前请回答 3 个小问题，直接回复即可。', '(1/3) 你在哪个城市？\n可选：北京 / 上海'])
    expect(t.filter((l) => l.type === 'invite')).toEqual([])
  })
})
