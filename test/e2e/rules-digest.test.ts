import type { SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'
import { sample } from '../helpers/metrics-text'
import { hqTexts, play, textIn } from '../helpers/scenario'

/**
 * Issue 20 items 7, 8 and 9 end to end on the simulated WeChat and a real Redis: one strike
 * ledger (every spam warning and removal is a case, `#误判 Rn` takes its strike back), HQ
 * hears warnings once (one digest per `rules.digestMs`, counted per group and rule; removals
 * at once as before), and the offences are seen in `#报告`, `#规则 查看` and `/metrics`.
 */
const config = (extra = '') => `
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1 }
      - { room: g2@chatroom, key: g2 }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 1, blacklist: false, model: false }
    flood: { messages: 3, windowMs: 60000 }
    digestMs: 10000${extra}
  questions: { enabled: false }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op1, name: 运营 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, admins: [wxid_bot], members: [wxid_a, wxid_b, wxid_x] }
    - { id: g2@chatroom, topic: 北京2群, admins: [wxid_bot], members: [wxid_c, wxid_d, wxid_x] }
`

const digests = (t: TranscriptLine[]) => textIn(t, 'hq@chatroom').filter((x) => x.startsWith('🗂 群规汇总'))
const caseIdOf = (line: string, who: string) => new RegExp(`⚠️ \\[(R\\d+)\\] 已在「[^」]+」警告 ${who}`).exec(line)?.[1]

describe('issue 20: one strike ledger, one digest, offences seen', () => {
  it('warnings of one window reach HQ as one digest counted per group and rule; a removal at once with its id; #误判 on a flood warning takes the strike back; #报告, #规则 查看 and /metrics count them', async () => {
    const inside: { strikes: Record<string, number>; metrics: string } = { strikes: {}, metrics: '' }
    const { transcript: t } = await play(
      `name: rules-digest
${config()}
steps:
  # a flood (the 4th of 3 allowed in a minute), @所有人 in each group: three warnings in one window
  - say: { room: g1@chatroom, from: wxid_a, text: "一" }
  - say: { room: g1@chatroom, from: wxid_a, text: "二" }
  - say: { room: g1@chatroom, from: wxid_a, text: "三" }
  - say: { room: g1@chatroom, from: wxid_a, text: "四" }
  # the flood warning first, so it is R1; not yet the digest, due 10 s later
  - settle: { timeout: 30s, ahead: 1s }
  - say: { room: g1@chatroom, from: wxid_b, text: "都来看看", mentionAll: true }
  - say: { room: g2@chatroom, from: wxid_c, text: "都来看看", mentionAll: true }
  - settle: { timeout: 30s }
  # the flood warning taken back: R1, the first case
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R1" }
  - settle: { timeout: 10s }
  # twice @所有人: warned (the next window), then removed (reported at once, with its id)
  - say: { room: g2@chatroom, from: wxid_d, text: "快来", mentionAll: true }
  - settle: { timeout: 30s }
  - say: { room: g2@chatroom, from: wxid_d, text: "快来快来", mentionAll: true }
  - settle: { timeout: 30s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#报告 群:g2" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#规则 查看 g1" }
  - settle: { timeout: 10s }
`,
      {
        afterSteps: async (bot: SimBot) => {
          for (const m of ['wxid_a', 'wxid_b', 'wxid_c']) inside.strikes[m] = await bot.app.ctx.stores.strikes.spam(m)
          inside.metrics = await bot.app.metrics.metrics()
        },
      },
    )
    // the members are told in their group as before
    expect(textIn(t, 'g1@chatroom').sort()).toEqual(['@a 请勿刷屏，再发将被移出群聊。', '@b 请勿@所有人，群通知由群主和管理员发，再发将被移出群聊。'])

    // item 8: one digest for the first window's three warnings, counted per group and rule, each with its case id
    const all = digests(t)
    expect(all).toHaveLength(1)
    const digest = all[0]!
    const [head, ...rest] = digest.split('\n')
    const [g1, g2] = rest.slice(0, 2).sort()
    expect(head).toBe('🗂 群规汇总 3 条（警告 3）')
    expect(g1).toBe('「北京1群(g1)」 刷屏 警告 1 · 滥用@ 警告 1')
    expect(g2).toBe('「北京2群(g2)」 滥用@ 警告 1')
    expect(caseIdOf(digest, 'a\\(wxid_a\\)')).toBe('R1')
    expect(digest).toContain('误判请回复 #误判 R1')
    expect(caseIdOf(digest, 'b\\(wxid_b\\)')).toMatch(/^R\d+$/)
    expect(caseIdOf(digest, 'c\\(wxid_c\\)')).toMatch(/^R\d+$/)
    // no warning line of its own for any of them
    expect(textIn(t, 'hq@chatroom').filter((x) => x.startsWith('⚠️') && x.includes('wxid_a'))).toEqual([])

    // item 7: #误判 R1 took the flood warning's strike back; the others keep theirs
    expect(hqTexts(t).find((x) => x.startsWith('✅ R1'))).toMatch(/^✅ R1 已撤销警告（a\(wxid_a\)）：违规次数减一；/)
    expect(inside.strikes).toEqual({ wxid_a: 0, wxid_b: 1, wxid_c: 1 })

    // d: the warning alone in its window (its line), the removal reported at once with its case id
    const hq = textIn(t, 'hq@chatroom')
    const dWarning = hq.find((x) => x.startsWith('⚠️') && x.includes('d(wxid_d)'))
    expect(dWarning).toMatch(/^⚠️ \[R\d+\] 已在「北京2群\(g2\)」警告 d\(wxid_d\)（第 1 次）：@所有人\n证据：@所有人：@所有人 快来\n误判请回复 #误判 R\d+$/)
    const removal = hq.find((x) => x.startsWith('🚫') && x.includes('wxid_d'))
    expect(removal).toMatch(/^🚫 已将 d\(wxid_d\) 移出「北京2群\(g2\)」：@所有人[\s\S]*\[R\d+\] 误判请回复 #误判 R\d+$/)

    // item 9: #报告 counts the group's offences per rule; #规则 查看 lists every rule
    const report = hq.find((x) => x.includes('7天违规'))
    expect(report).toContain('7天违规: 滥用@ 3')
    const rules = hq.find((x) => x.startsWith('📜'))!
    for (const line of ['刷屏: 1分钟内超过 3 条', '滥用@: 开，一条消息@超过 10 人', '只发联系方式/只@: 开，群内前 3 条消息', '重复发送: 开，10分钟内同一内容 3 次', '多群重复: 10分钟内在 3 个群', '违规次数: 广告、多群重复、刷屏、重复发送、滥用@、只发联系方式共用一个计数，警告 1 次后移出', '总部汇总: 警告、豁免成员的违规每 10秒 汇总一条']) {
      expect(rules).toContain(line)
    }
    // and /metrics counts the verdicts per rule
    expect(sample(inside.metrics, 'qunhq_rule_verdicts_total', { rule: 'flood', action: 'warn' })).toBe(1)
    expect(sample(inside.metrics, 'qunhq_rule_verdicts_total', { rule: 'mentions', action: 'warn' })).toBe(3)
    expect(sample(inside.metrics, 'qunhq_rule_verdicts_total', { rule: 'mentions', action: 'remove' })).toBe(1)
  })

  it('repeat, bare and cross-group warnings are cases in the digest too, and #误判 on each takes its strike back', async () => {
    const strikes: Record<string, number> = {}
    const { transcript: t } = await play(
      `name: rules-digest-each
${config('\n    repeat: { enabled: true, maxRepeats: 3 }').replace('ads: { warnings: 1,', 'ads: { crossGroup: { groups: 2 }, warnings: 1,')}
steps:
  # one member at a time, so the case ids follow: R1 repeat, R2 bare, R3 cross-group
  - say: { room: g1@chatroom, from: wxid_a, text: "这周末一起去爬山吧" }
  - say: { room: g1@chatroom, from: wxid_a, text: "这周末一起去爬山吧" }
  - say: { room: g1@chatroom, from: wxid_a, text: "这周末一起去爬山吧" }
  - settle: { timeout: 30s, ahead: 1s }
  - say: { room: g1@chatroom, from: wxid_b, text: "", mentions: [wxid_a] }
  - settle: { timeout: 30s, ahead: 1s }
  - say: { room: g1@chatroom, from: wxid_x, text: "周末露营活动报名中欢迎参加" }
  - say: { room: g2@chatroom, from: wxid_x, text: "周末露营活动报名中欢迎参加" }
  - settle: { timeout: 30s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R1" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R2" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R3" }
  - settle: { timeout: 10s }
`,
      { afterSteps: async (bot: SimBot) => void (await Promise.all(['wxid_a', 'wxid_b', 'wxid_x'].map(async (m) => (strikes[m] = await bot.app.ctx.stores.strikes.spam(m))))) },
    )
    const all = digests(t)
    expect(all).toHaveLength(1)
    const [head, ...rest] = all[0]!.split('\n')
    expect(head).toBe('🗂 群规汇总 3 条（警告 3）')
    expect(rest.slice(0, 2).sort()).toEqual(['「北京1群(g1)」 重复发送 警告 1 · 只发联系方式/只@ 警告 1', '「北京2群(g2)」 多群重复 警告 1'])
    expect(caseIdOf(all[0]!, 'a\\(wxid_a\\)')).toBe('R1')
    expect(caseIdOf(all[0]!, 'b\\(wxid_b\\)')).toBe('R2')
    expect(caseIdOf(all[0]!, 'x\\(wxid_x\\)')).toBe('R3')
    const released = hqTexts(t).filter((x) => x.startsWith('✅'))
    expect(released.sort()).toEqual([
      expect.stringMatching(/^✅ R1 已撤销警告（a\(wxid_a\)）：违规次数减一；/),
      expect.stringMatching(/^✅ R2 已撤销警告（b\(wxid_b\)）：违规次数减一；/),
      expect.stringMatching(/^✅ R3 已撤销警告（x\(wxid_x\)）：违规次数减一；/),
    ])
    expect(strikes).toEqual({ wxid_a: 0, wxid_b: 0, wxid_x: 0 })
  })

  it('rules.dryRun: the warnings the rules would give reach HQ in the digest, marked [演练], nothing said in the group; a would-be removal at once', async () => {
    const { transcript: t } = await play(
      `name: rules-digest-dry
${config('\n    dryRun: true')}
steps:
  - say: { room: g1@chatroom, from: wxid_b, text: "都来看看", mentionAll: true }
  - say: { room: g2@chatroom, from: wxid_c, text: "都来看看", mentionAll: true }
  - say: { room: g2@chatroom, from: wxid_c, text: "再来", mentionAll: true }
  - settle: { timeout: 30s }
`,
    )
    expect(t.filter((l) => l.room !== 'hq@chatroom')).toEqual([])
    const all = digests(t)
    expect(all).toHaveLength(1)
    const [head, ...rest] = all[0]!.split('\n')
    const [g1, g2] = rest.slice(0, 2).sort()
    expect(head).toBe('🗂 群规汇总 2 条（演练 2）')
    expect(g1).toBe('「北京1群(g1)」 滥用@ 演练 1')
    expect(g2).toBe('「北京2群(g2)」 滥用@ 演练 1')
    expect(all[0]).toContain('[演练] ⚠️ 将在「北京1群(g1)」警告 b(wxid_b)（第 1 次）：@所有人')
    // the would-be removal is not held for the digest
    expect(textIn(t, 'hq@chatroom').filter((x) => x.startsWith('[演练] 🚫'))).toEqual([expect.stringContaining('将把 c(wxid_c) 移出「北京2群(g2)」：@所有人')])
  })
})
