import type { AuditEntry } from '../../src/store/audit-log'
import type { LabelledText } from '../../src/store/labelled-texts'
import type { SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'
import { play, says, textIn } from '../helpers/scenario'

/**
 * The review zone and teaching the detector end to end (issue 9, items 3 and 4): the real
 * bot on the simulated WeChat and a real Redis. A review item asks HQ and does nothing in
 * the group; `#广告 R1` acts on it per policy, `#误判 R2` releases it; both labels reach the
 * labelled store and change the next verdict on a near-duplicate.
 * Review lines are sent one by one here (`reviewDigestMs: 0`); the digest has its own test.
 * Each label reaches the deployment's learned model too: "settled" waits for its training.
 */
const head = (ads: string) => `
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
    ads: ${ads.replace(/ }$/, ', reviewDigestMs: 0 }')}
  questions: { enabled: false }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
`

interface Inside {
  /** the labelled store's version, and the one the stored learned model was trained on */
  versions: [number, number]
  labelled: LabelledText[]
  audit: AuditEntry[]
  strikes: Record<string, number>
  banned: string[]
}

async function lookInside(bot: SimBot, members: string[]): Promise<Inside> {
  const { strikes, labelled, audit, blacklist } = bot.app.ctx.stores
  const versions: [number, number] = [await labelled.version(), await bot.app.ctx.stores.learnedModels.version()]
  const out: Inside = { versions, labelled: await labelled.all(), audit: await audit.recent(), strikes: {}, banned: [] }
  for (const m of members) {
    out.strikes[m] = await strikes.spam(m)
    if (await blacklist.has(m)) out.banned.push(m)
  }
  return out
}

const mentioning = (t: TranscriptLine[], id: string) => t.filter((l) => l.type === 'say' && (l.mentions ?? []).includes(id))
const reviewLines = (t: TranscriptLine[]) => textIn(t, 'hq@chatroom').filter((x) => x.startsWith('🔎'))

describe('review zone and teaching (#广告 / #误判)', () => {
  it('#广告 R1 acts on a review item and its next near-duplicate is an ad at once; #误判 R2 releases one and its near-duplicate is no longer sent to review; a quoted #广告 teaches too', async () => {
    let inside: Inside | undefined
    const { transcript: t } = await play(
      `name: review-teach
${head('{ warnings: 1, blacklist: false }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_x, name: 路人 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_x] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a, wxid_b, wxid_c, wxid_d, wxid_e] }
steps:
  - say: { room: g1@chatroom, from: wxid_a, text: "周末亲子活动名额不多了，感兴趣私聊" }
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_c, text: "二手自行车转让，有意私聊" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广告 R1" }
  - settle: { timeout: 10s }
  # answering by quoting the review line works as typing its id
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判", quote: { from: wxid_bot, text: "🔎 [R2] 疑似广告（分数 0.50）「北京1群(g1)」" } }
  - settle: { timeout: 10s }
  # any message quoted in HQ can be taught
  - say: { room: hq@chatroom, from: wxid_op1, text: "/ad", quote: { from: wxid_x, text: "正品球鞋全场一折清仓，数量有限先到先得" } }
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_b, text: "感兴趣私聊：周末亲子活动，名额不多了" }
  - say: { room: g1@chatroom, from: wxid_d, text: "有意私聊～二手自行车转让！" }
  - say: { room: g1@chatroom, from: wxid_e, text: "数量有限先到先得！！正品球鞋全场一折清仓" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R2" }
  - settle: { timeout: 10s }
`,
      {
        afterSteps: async (bot) => {
          inside = await lookInside(bot, ['wxid_a', 'wxid_b', 'wxid_c', 'wxid_d', 'wxid_e'])
        },
      },
    )
    // the deployment's learned model was retrained on the labels (settled waits for it)
    expect(inside!.versions[1]).toBe(inside!.versions[0])
    expect(inside!.versions[0]).toBeGreaterThan(0)
    const hq = textIn(t, 'hq@chatroom')
    // two review items, each one line with the message, the score and the reasons; nothing in the group for them
    expect(reviewLines(t)).toHaveLength(2)
    expect(reviewLines(t)[0]).toMatch(/^🔎 \[R1\] 疑似广告（分数 \d\.\d\d）「北京1群\(g1\)」 a\(wxid_a\)：周末亲子活动名额不多了，感兴趣私聊\n理由：.+\n回复 #广告 R1 按广告处理，#误判 R1 放行$/)
    expect(reviewLines(t)[1]).toMatch(/^🔎 \[R2\] .*二手自行车转让，有意私聊/)
    // #广告 R1: warned per policy (warnings: 1), the text labelled ad
    expect(hq.find((x) => x.startsWith('✅ R1 已确认为广告'))).toContain('a(wxid_a)')
    expect(mentioning(t, 'wxid_a').map((l) => l.text)).toEqual(['@a 请勿发广告，再发将被移出群聊。'])
    // #误判 R2: nothing in the group, the text labelled normal
    expect(hq.find((x) => x.startsWith('✅ R2 已放行'))).toMatch(/群里没有任何提示/)
    expect(mentioning(t, 'wxid_c')).toEqual([])
    expect(hq).toContain('✅ 已把引用的内容记入广告样本，相似内容以后直接按广告处理。')
    // the next near-duplicates: the confirmed one's is an ad without review, the released one's passes,
    // the quoted one's is an ad
    expect(mentioning(t, 'wxid_b').map((l) => l.text)).toEqual(['@b 请勿发广告，再发将被移出群聊。'])
    expect(mentioning(t, 'wxid_d')).toEqual([])
    expect(mentioning(t, 'wxid_e').map((l) => l.text)).toEqual(['@e 请勿发广告，再发将被移出群聊。'])
    // a decided case is not decided again
    expect(hq.at(-1)).toBe('R2 已经处理过了（已放行，wxid_op1）。')
    expect(says(t, 'g1@chatroom')).toHaveLength(3)

    const labels = inside!.labelled.map((e) => [e.label, e.source, e.original, e.by])
    expect(labels).toEqual([
      ['ad', 'R1', '周末亲子活动名额不多了，感兴趣私聊', 'wxid_op1'],
      ['normal', 'R2', '二手自行车转让，有意私聊', 'wxid_op1'],
      ['ad', '引用', '正品球鞋全场一折清仓，数量有限先到先得', 'wxid_op1'],
    ])
    expect(inside!.labelled[0]!.text).toBe('周末亲子活动名额不多了感兴趣私聊')
    expect(inside!.strikes).toEqual({ wxid_a: 1, wxid_b: 1, wxid_c: 0, wxid_d: 0, wxid_e: 1 })
    const actions = inside!.audit.map((e) => `${e.action}:${e.by}:${e.why}`)
    expect(actions).toEqual(expect.arrayContaining(['confirm-ad:wxid_op1:R1', 'release:wxid_op1:R2', 'label-ad:wxid_op1:引用']))
  })

  it('#误判 on a removal with a blacklisting: the strike and the ban are undone, the group reads only what the operator wrote, and the member can rejoin', async () => {
    let inside: Inside | undefined
    const { transcript: t } = await play(
      `name: release-removal
${head('{ warnings: 0, blacklist: true }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_spam, wxid_a] }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_spam, wxid_b] }
steps:
  - say: { room: g1@chatroom, from: wxid_spam, text: "招兼职刷单，日结三百" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R1 抱歉，误删了" }
  - settle: { timeout: 10s }
  - join: { room: g1@chatroom, contacts: [wxid_spam], inviter: wxid_a }
  - settle: { timeout: 10s }
`,
      { afterSteps: async (bot) => void (inside = await lookInside(bot, ['wxid_spam'])) },
    )
    // removed from g1 (R1) and, blacklisted, from g2 (R2); not again after the rejoin
    expect(t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])).toEqual([
      ['g1@chatroom', 'wxid_spam', true],
      ['g2@chatroom', 'wxid_spam', true],
    ])
    const hq = textIn(t, 'hq@chatroom')
    expect(hq).toContain('🚫 已将 spam(wxid_spam) 移出「北京1群(g1)」：发广告（关键词），并加入黑名单（所有管理的群）\n证据：关键词 兼职；关键词 刷单\n[R1] 误判请回复 #误判 R1')
    expect(hq.find((x) => x.startsWith('✅ R1 已撤销'))).toBe(
      '✅ R1 已撤销（spam(wxid_spam)）：违规次数减一；已解除黑名单，可以再入群；已记入正常样本，相似内容不会再因模型判断被处理或送审；已在群里发送你写的话。',
    )
    // the group reads the removal notice, then only what the operator wrote
    expect(textIn(t, 'g1@chatroom')).toEqual(['spam 因发广告，已被移出群聊。', '抱歉，误删了'])
    expect(says(t, 'g1@chatroom').every((l) => (l.mentions ?? []).length === 0)).toBe(true)
    expect(inside!.banned).toEqual([])
    expect(inside!.strikes).toEqual({ wxid_spam: 0 })
    expect(inside!.labelled.map((e) => [e.label, e.source, e.original])).toEqual([['normal', 'R1', '招兼职刷单，日结三百']])
    const actions = inside!.audit.map((e) => `${e.action}:${e.by}:${e.why}`)
    expect(actions).toEqual(expect.arrayContaining(['release:wxid_op1:R1', 'unblacklist:wxid_op1:R1']))
  })

  it('under rules.dryRun a review item is still reported (it is only a report); #广告 on it reports what would be done and nothing happens in the group', async () => {
    const { transcript: t } = await play(`name: review-dry
${head('{ warnings: 1, blacklist: false }').replace('    welcome:', '    dryRun: true\n    digestMs: 0\n    welcome:')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a] }
steps:
  - say: { room: g1@chatroom, from: wxid_a, text: "私聊我一下，周六的事" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广告 R1" }
  - settle: { timeout: 10s }
`)
    expect(t.filter((l) => l.room !== 'hq@chatroom' && l.type !== 'summary')).toEqual([])
    const hq = textIn(t, 'hq@chatroom')
    expect(reviewLines(t)).toHaveLength(1)
    expect(hq).toContain('✅ R1 已确认为广告：[演练] 按规则处理 a(wxid_a)（「北京1群(g1)」），已记入广告样本，相似内容以后直接按广告处理。')
    expect(hq.find((x) => x.startsWith('[演练] ⚠️ 将在「北京1群(g1)」警告 a(wxid_a)（第 1 次）'))).toMatch(/发广告（总部确认 R1）/)
  })
})
