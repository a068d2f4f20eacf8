import type { LabelledText } from '../../src/store/labelled-texts'
import type { SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'
import { play, textIn } from '../helpers/scenario'

/**
 * Learning from every decision (issue 19, item 4), end to end on the simulated WeChat and a
 * real Redis: review items and ad warnings reach HQ as one digest per window, a warning
 * can be taken back with #误判, an ad removal nobody contests counts as a confirmed ad, a
 * blacklisted member's earlier texts are offered to HQ as one batch, and a #广告 quoted in
 * a managed group by its admin labels and acts.
 */
const head = (ads: string, rules = '') => `
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1 }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: ${ads}${rules}
  questions: { enabled: false }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
`

const mentioning = (t: TranscriptLine[], id: string) => t.filter((l) => l.type === 'say' && (l.mentions ?? []).includes(id))

async function labels(bot: SimBot): Promise<Array<[string, string, string, string, boolean | undefined]>> {
  return (await bot.app.ctx.stores.labelled.all()).map((e: LabelledText) => [e.label, e.source, e.original, e.by, e.confirmed])
}

describe('learning from every decision', () => {
  it('review items of one window reach HQ as one digest, the ad warning as the rules digest (issue 20); #误判 on the warning takes its strike back', async () => {
    let strikes = -1
    const { transcript: t } = await play(
      `name: digest
${head('{ warnings: 1, blacklist: false, reviewDigestMs: 30000 }', '\n    digestMs: 30000')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a, wxid_b, wxid_c] }
# each settle looks 5 s ahead: the digest, due 30 s after the first item, waits for the last one
steps:
  - say: { room: g1@chatroom, from: wxid_a, text: "二手自行车转让，有意私聊" }
  - settle: { ahead: 5s, timeout: 120s }
  - say: { room: g1@chatroom, from: wxid_b, text: "家里小猫找领养，有意私聊" }
  - settle: { ahead: 5s, timeout: 120s }
  - say: { room: g1@chatroom, from: wxid_c, text: "招兼职，日结，加微信 job2026" }
  - settle: { ahead: 5s, timeout: 120s }
  - settle: { timeout: 60s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R3" }
  - settle: { ahead: 10s, timeout: 120s }
`,
      { afterSteps: async (bot) => void (strikes = await bot.app.ctx.stores.strikes.spam('wxid_c')) },
    )
    const hq = textIn(t, 'hq@chatroom')
    const digests = hq.filter((x) => x.startsWith('🗂'))
    expect(digests).toHaveLength(1)
    const digest = digests[0]!
    expect(digest.split('\n')[0]).toBe('🗂 广告处理汇总 2 条（待审 2）')
    expect(digest).toMatch(/🔎 \[R1\] 疑似广告（分数 0\.\d\d）「北京1群\(g1\)」 a\(wxid_a\)：二手自行车转让，有意私聊/)
    expect(digest).toMatch(/🔎 \[R2\] 疑似广告（分数 0\.\d\d）「北京1群\(g1\)」 b\(wxid_b\)：家里小猫找领养，有意私聊/)
    expect(digest).not.toContain('R3')
    // the warning: the rules digest's only item of its window, so its line alone
    expect(hq.filter((x) => x.startsWith('⚠️'))).toEqual(['⚠️ [R3] 已在「北京1群(g1)」警告 c(wxid_c)（第 1 次）：发广告（关键词、联系方式）\n内容：招兼职，日结，加微信 job2026\n误判请回复 #误判 R3'])
    // no line of its own for the review items
    expect(hq.filter((x) => x.startsWith('🔎'))).toEqual([])
    expect(mentioning(t, 'wxid_c').map((l) => l.text)).toEqual([expect.stringMatching(/^@c 请勿发广告/)])
    expect(hq.find((x) => x.startsWith('✅ R3'))).toMatch(/^✅ R3 已撤销警告（c\(wxid_c\)）：违规次数减一；/)
    expect(strikes).toBe(0)
  })

  it('an ad removal nobody contests within confirmAfterHours is a confirmed ad (an unconfirmed label); a contested one is not', async () => {
    let after: Awaited<ReturnType<typeof labels>> = []
    let decided: string[] = []
    const { transcript: t } = await play(
      `name: confirm
${head('{ warnings: 0, blacklist: false, confirmAfterHours: 0.004, reviewDigestMs: 0 }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a, wxid_b] }
# confirmations are due 14.4 s after each removal: the 5 s settles do not wait for them, the last one does
steps:
  - say: { room: g1@chatroom, from: wxid_a, text: "招兼职，日结，加微信 job2026" }
  - settle: { ahead: 5s, timeout: 120s }
  - say: { room: g1@chatroom, from: wxid_b, text: "兼职招人：刷单返利，加微信 fast8888" }
  - settle: { ahead: 5s, timeout: 120s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R2" }
  - settle: { ahead: 5s, timeout: 120s }
  - settle: { timeout: 60s }
`,
      {
        afterSteps: async (bot) => {
          after = await labels(bot)
          decided = await Promise.all(['R1', 'R2'].map(async (id) => JSON.stringify(await bot.app.ctx.stores.cases.decision(id))))
        },
      },
    )
    expect(t.filter((l) => l.type === 'remove').map((l) => l.contact)).toEqual(['wxid_a', 'wxid_b'])
    // R1 confirmed by nobody contesting it: by `rules`, a label no person gave; R2 released by the operator
    expect(after).toEqual(
      expect.arrayContaining([
        ['ad', 'R1', '招兼职，日结，加微信 job2026', 'rules', false],
        ['normal', 'R2', '兼职招人：刷单返利，加微信 fast8888', 'wxid_op1', undefined],
      ]),
    )
    expect(after).toHaveLength(2)
    expect(JSON.parse(decided[0]!)).toMatchObject({ label: 'ad', by: 'rules' })
    expect(JSON.parse(decided[1]!)).toMatchObject({ label: 'normal', by: 'wxid_op1' })
  })

  it('a confirmed-by-nobody removal can still be released', async () => {
    let after: Awaited<ReturnType<typeof labels>> = []
    const { transcript: t } = await play(
      `name: confirm-then-release
${head('{ warnings: 0, blacklist: false, confirmAfterHours: 0.0002, reviewDigestMs: 0 }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a] }
steps:
  - say: { room: g1@chatroom, from: wxid_a, text: "招兼职，日结，加微信 job2026" }
  - settle: { ahead: 10s, timeout: 120s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R1" }
  - settle: { ahead: 10s, timeout: 120s }
`,
      { afterSteps: async (bot) => void (after = await labels(bot)) },
    )
    expect(textIn(t, 'hq@chatroom').find((x) => x.startsWith('✅ R1'))).toMatch(/^✅ R1 已撤销/)
    expect(after).toEqual([['normal', 'R1', '招兼职，日结，加微信 job2026', 'wxid_op1', undefined]])
  })

  it("a blacklisted member's earlier texts of the hour are offered to HQ as one batch; #广告 on it labels them all", async () => {
    let after: Awaited<ReturnType<typeof labels>> = []
    const { transcript: t } = await play(
      `name: batch
${head('{ warnings: 0, blacklist: true, reviewDigestMs: 0 }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_spam, wxid_a] }
steps:
  - say: { room: g1@chatroom, from: wxid_spam, text: "大家好，新来的" }
  - say: { room: g1@chatroom, from: wxid_spam, text: "有需要高仿包的吗，质量很好" }
  - say: { room: g1@chatroom, from: wxid_a, text: "欢迎欢迎" }
  - settle: { ahead: 10s, timeout: 120s }
  - say: { room: g1@chatroom, from: wxid_spam, text: "高仿包批发，加微信 bags2026" }
  - settle: { ahead: 10s, timeout: 120s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广告 R2" }
  - settle: { ahead: 10s, timeout: 120s }
`,
      { afterSteps: async (bot) => void (after = await labels(bot)) },
    )
    const hq = textIn(t, 'hq@chatroom')
    expect(hq.find((x) => x.startsWith('📚'))).toBe(
      '📚 [R2] spam(wxid_spam) 已加入黑名单，他最近一小时在群里的 2 条消息：\n1. 「北京1群(g1)」大家好，新来的\n2. 「北京1群(g1)」有需要高仿包的吗，质量很好\n' +
        '回复 #广告 R2 全部记为广告，#误判 R2 全部记为正常；要逐条标注，引用一条回复 #广告 或 #误判',
    )
    expect(hq).toContain('✅ R2 的 2 条消息已记入广告样本。')
    expect(after).toEqual(
      expect.arrayContaining([
        ['ad', 'R2', '大家好，新来的', 'wxid_op1', undefined],
        ['ad', 'R2', '有需要高仿包的吗，质量很好', 'wxid_op1', undefined],
      ]),
    )
    // wxid_a's text was not offered: only the blacklisted member's
    expect(hq.find((x) => x.startsWith('📚'))).not.toContain('欢迎欢迎')
  })

  it('#广告 quoted in a managed group by its admin labels the text and acts on its sender; a member doing the same is only chatting', async () => {
    let after: Awaited<ReturnType<typeof labels>> = []
    const { transcript: t } = await play(
      `name: quote-in-group
${head('{ warnings: 1, blacklist: false, reviewDigestMs: 0 }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_adm, wxid_x, wxid_y, wxid_z], admins: [wxid_adm] }
steps:
  - say: { room: g1@chatroom, from: wxid_x, text: "周末带娃来玩，门票半价，名额有限" }
  - say: { room: g1@chatroom, from: wxid_z, text: "#广告", quote: { from: wxid_x, text: "周末带娃来玩，门票半价，名额有限" } }
  - settle: { ahead: 10s, timeout: 120s }
  - say: { room: g1@chatroom, from: wxid_adm, text: "#广告", quote: { from: wxid_x, text: "周末带娃来玩，门票半价，名额有限" } }
  - settle: { ahead: 10s, timeout: 120s }
  - say: { room: g1@chatroom, from: wxid_y, text: "名额有限！周末带娃来玩，门票半价" }
  - settle: { ahead: 10s, timeout: 120s }
`,
      { afterSteps: async (bot) => void (after = await labels(bot)) },
    )
    // the admin's quote: labelled, the sender warned, HQ told; the member's quote did nothing
    expect(after).toEqual([['ad', '引用', '周末带娃来玩，门票半价，名额有限', 'wxid_adm', undefined]])
    expect(mentioning(t, 'wxid_x').map((l) => l.text)).toEqual([expect.stringMatching(/^@x 请勿发广告/)])
    expect(textIn(t, 'hq@chatroom').find((x) => x.startsWith('🏷'))).toBe(
      '🏷 adm 在「北京1群(g1)」引用标记了广告：周末带娃来玩，门票半价，名额有限\n已记入广告样本，按规则处理 x(wxid_x)。',
    )
    // its near-duplicate is an ad at once
    expect(mentioning(t, 'wxid_y').map((l) => l.text)).toEqual([expect.stringMatching(/^@y 请勿发广告/)])
    expect(mentioning(t, 'wxid_z')).toEqual([])
  })
})
