import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TranscriptLine } from '../../src/sim/world'
import { play, says, textIn, hqTexts } from '../helpers/scenario'

/**
 * Ad removal end to end: the real bot on the simulated WeChat and a real Redis. QR images
 * go through the bot's own reader (a worker thread), as under \`npm start\`.
 */
const removes = (t: TranscriptLine[]) => t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])

const head = (rules: string) => `
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1, leaders: [wxid_leader] }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ${rules}
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
`

describe('ads', () => {
  it('scenarios/ad-removal.yaml: warned first, removed the second time from g1 and (blacklist) g2, HQ told with the evidence', async () => {
    const yaml = readFileSync(join(__dirname, '..', '..', 'scenarios', 'ad-removal.yaml'), 'utf8')
    const { transcript: t } = await play(yaml)
    const g1 = says(t, 'g1@chatroom')
    expect(g1[0]).toMatchObject({ text: '@spam 请勿发广告（发现链接），再发将被移出群聊。', mentions: ['wxid_spam'] })
    expect(removes(t)).toEqual([
      ['g1@chatroom', 'wxid_spam', true],
      ['g2@chatroom', 'wxid_spam', true],
    ])
    // the warning came before the removal
    expect(g1[0]!.t).toBeLessThan(t.find((l) => l.type === 'remove')!.t)
    const hq = hqTexts(t)
    expect(hq).toContain('🚫 已将 spam(wxid_spam) 移出「北京1群」：发广告（链接），并加入黑名单（所有管理的群）\n证据：链接 https://coupon.example/y')
    expect(hq).toContain('🚫 已将黑名单成员 spam(wxid_spam) 移出「北京2群」：发广告（链接）\n证据：链接 https://coupon.example/y')
    expect(textIn(t, 'g1@chatroom').at(-1)).toBe('spam 因发广告，已被移出群聊。')
    // each removal report ends with the id #误判 answers to (R1 is the warning's: issue 19)
    expect(textIn(t, 'hq@chatroom').filter((x) => /\n\[R[23]\] 误判请回复 #误判 R[23]$/.test(x))).toHaveLength(2)
    // nobody else is touched, and nothing is said in g2
    expect(t.filter((l) => ['wxid_a', 'wxid_b'].includes(String(l.contact)) || (l.mentions ?? []).some((m) => m !== 'wxid_spam'))).toEqual([])
    expect(says(t, 'g2@chatroom')).toEqual([])
  })

  it('removes for each kind of ad (mini-program, card, keywords, phone number, QR image) and leaves exempt members untouched', async () => {
    const { transcript: t } = await play(
      `name: kinds
${head('exempt: [wxid_vip]\n    ads: { warnings: 0, blacklist: false }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  # a card's contact must exist in the world (it is not created on the fly)
  contacts: [{ id: wxid_other, name: 代理小李 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - id: g1@chatroom
      topic: 北京1群
      owner: wxid_owner
      admins: [wxid_bot, wxid_adm]
      members: [wxid_mp, wxid_card, wxid_kw, wxid_tel, wxid_qr, wxid_photo, wxid_ok, wxid_leader, wxid_adm, wxid_op1, wxid_vip]
steps:
  - say: { room: g1@chatroom, from: wxid_mp, miniProgram: { title: 砍一刀, appid: wx123 } }
  - say: { room: g1@chatroom, from: wxid_card, card: wxid_other }
  - say: { room: g1@chatroom, from: wxid_kw, text: "招兼职刷单，日结三百" }
  - say: { room: g1@chatroom, from: wxid_tel, text: "有需要的联系我 13812345678" }
  - say: { room: g1@chatroom, from: wxid_qr, image: qr.png }
  - say: { room: g1@chatroom, from: wxid_photo, image: photo.png }
  - say: { room: g1@chatroom, from: wxid_ok, text: "大家晚上好，今天的分享很精彩" }
  - say: { room: g1@chatroom, from: wxid_owner, url: { title: 群主的链接, url: "https://coupon.example/o" } }
  - say: { room: g1@chatroom, from: wxid_adm, miniProgram: { title: 管理员的小程序, appid: wx9 } }
  - say: { room: g1@chatroom, from: wxid_leader, text: "招兼职刷单，日结三百" }
  - say: { room: g1@chatroom, from: wxid_op1, card: wxid_other }
  - say: { room: g1@chatroom, from: wxid_vip, text: "有需要的联系我 13812345678" }
  - settle: { timeout: 15s }
`)
    expect(removes(t).sort()).toEqual(
      [
        ['g1@chatroom', 'wxid_mp', true],
        ['g1@chatroom', 'wxid_card', true],
        ['g1@chatroom', 'wxid_kw', true],
        ['g1@chatroom', 'wxid_tel', true],
        ['g1@chatroom', 'wxid_qr', true],
      ].sort(),
    )
    const hq = hqTexts(t)
    const line = (id: string) => hq.find((x) => x.includes(`(${id}) 移出「北京1群(g1)」`)) ?? ''
    expect(line('wxid_mp')).toMatch(/发广告（小程序）\n证据：小程序 砍一刀 \(wx123\)/)
    expect(line('wxid_card')).toMatch(/发广告（名片）\n证据：名片 wxid_other/)
    expect(line('wxid_kw')).toMatch(/发广告（关键词）\n证据：关键词 兼职；关键词 刷单/)
    expect(line('wxid_tel')).toMatch(/发广告（联系方式）\n证据：联系方式 13812345678/)
    expect(line('wxid_qr')).toMatch(/发广告（二维码）\n证据：二维码 二维码: https:\/\/coupon\.example\/qr\?from=qunhq-fixture/)
    expect(hq).toHaveLength(5)
    // exempt senders, the plain photo and the ordinary message: nothing at all
    const untouched = ['wxid_photo', 'wxid_ok', 'wxid_owner', 'wxid_adm', 'wxid_leader', 'wxid_op1', 'wxid_vip']
    expect(t.filter((l) => untouched.includes(String(l.contact)) || (l.mentions ?? []).some((m) => untouched.includes(m)))).toEqual([])
    expect(hq.join('\n')).not.toMatch(/wxid_(photo|ok|owner|adm|leader|op1|vip)\)/)
    // each removal is followed by a notice in the group, and no warnings were given (warnings: 0)
    expect(textIn(t, 'g1@chatroom').filter((x) => x.includes('已被移出群聊'))).toHaveLength(5)
    expect(textIn(t, 'g1@chatroom').filter((x) => x.includes('请勿'))).toEqual([])
  })

  it('a removal without owner/admin rights is reported to HQ as failed, not as done; the blacklist still clears the group it can', async () => {
    const { transcript: t } = await play(`name: no-rights
${head('ads: { warnings: 0, blacklist: true }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, owner: wxid_owner, members: [wxid_spam, wxid_a] }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_spam, wxid_b] }
    - { id: g3@chatroom, topic: 北京3群, owner: wxid_owner, members: [wxid_spam] }
steps:
  - say: { room: g1@chatroom, from: wxid_spam, url: { title: 领券, url: "https://coupon.example/z" } }
  - settle: { timeout: 10s }
`)
    const failed = t.find((l) => l.type === 'remove' && l.room === 'g1@chatroom')
    expect(failed).toMatchObject({ contact: 'wxid_spam', ok: false, error: '群主或管理员才能移出成员' })
    expect(t.filter((l) => l.type === 'remove' && l.room === 'g2@chatroom').map((l) => l.ok)).toEqual([true])
    // where the blacklist sweep knows it has no rights it does not try (each refusal counts towards the send breaker)
    expect(t.filter((l) => l.type === 'remove' && l.room === 'g3@chatroom')).toEqual([])
    const hq = hqTexts(t)
    const report = hq.find((x) => x.includes('北京1群(g1)')) ?? ''
    expect(report).toMatch(/^⚠️ 未能把 spam\(wxid_spam\) 移出「北京1群\(g1\)」：机器人不是这个群的群主或管理员（群主或管理员才能移出成员）/)
    expect(report).toMatch(/原因：发广告（链接）\n证据：链接 https:\/\/coupon\.example\/z/)
    expect(hq.filter((x) => x.includes('已将') && x.includes('北京1群'))).toEqual([])
    expect(hq).toContain('🚫 已将黑名单成员 spam(wxid_spam) 移出「北京2群」：发广告（链接）\n证据：链接 https://coupon.example/z')
    expect(hq.find((x) => x.includes('北京3群'))).toMatch(/^⚠️ 未能把 spam\(wxid_spam\) 移出「北京3群」：机器人不是这个群的群主或管理员/)
    expect(hq.filter((x) => x.includes('已将') && x.includes('北京3群'))).toEqual([])
    // no "removed" notice in a group where nobody was removed
    expect(says(t, 'g1@chatroom')).toEqual([])
  })

  it('blacklist: removed from every managed group, removed again on a later join with the inviter told; #黑名单列表, #解除黑名单 lets them back', async () => {
    const { transcript: t } = await play(`name: blacklist
${head('ads: { warnings: 0, blacklist: true }')}
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_c, name: 小陈 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_spam, wxid_a] }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_spam, wxid_b] }
    - { id: g3@chatroom, topic: 北京3群, members: [wxid_c] }
steps:
  - say: { room: g1@chatroom, from: wxid_spam, miniProgram: { title: 砍一刀, appid: wx1 } }
  - settle: { timeout: 10s }
  - join: { room: g3@chatroom, contacts: [wxid_spam], inviter: wxid_c }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#黑名单列表" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#解除黑名单 wxid_spam" }
  - settle: { timeout: 5s }
  - join: { room: g1@chatroom, contacts: [wxid_spam], inviter: wxid_a }
  - settle: { timeout: 5s }
`)
    expect(removes(t)).toEqual([
      ['g1@chatroom', 'wxid_spam', true],
      ['g2@chatroom', 'wxid_spam', true],
      ['g3@chatroom', 'wxid_spam', true],
    ])
    expect(says(t, 'g3@chatroom')).toEqual([
      expect.objectContaining({ text: '@小陈 spam 在黑名单中，已被移出群聊，请不要再邀请。', mentions: ['wxid_c'] }),
    ])
    const hq = hqTexts(t)
    expect(hq).toContain('🚫 黑名单成员 spam(wxid_spam) 由 小陈 邀请进入「北京3群」，已移出：发广告（小程序）\n证据：小程序 砍一刀 (wx1)')
    const list = hq.find((x) => x.startsWith('⛔ 黑名单（1）')) ?? ''
    expect(list).toMatch(/1\. spam\(wxid_spam\) · 发广告（小程序） · \d{4}-\d\d-\d\d \d\d:\d\d · 自动/)
    expect(hq).toContain('✅ 已将 spam(wxid_spam) 移出黑名单，之后可以再入群。')
    // after the unban the join in g1 stands: no fourth removal (checked above), nothing said to wxid_a
    expect(says(t, 'g1@chatroom').filter((l) => (l.mentions ?? []).includes('wxid_a'))).toEqual([])
  })

  it('the same text in crossGroup.groups groups counts as spam; flood earns one warning per burst; watch-words only alert HQ', async () => {
    const { transcript: t } = await play(`name: cross-flood-watch
${head(`ads: { warnings: 1, blacklist: false, crossGroup: { groups: 3, windowMs: 60000 } }
    flood: { messages: 3, windowMs: 10000 }
    watchWords: [退款]`)}
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_x, wxid_f, wxid_w, wxid_leader] }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_x] }
    - { id: g3@chatroom, topic: 北京3群, members: [wxid_x] }
steps:
  - say: { room: g1@chatroom, from: wxid_x, text: "今晚八点直播间见不见不散" }
  - say: { room: g2@chatroom, from: wxid_x, text: "今晚八点直播间见不见不散！" }
  - say: { room: g3@chatroom, from: wxid_x, text: "今晚八点 直播间见，不见不散" }
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_f, text: "一" }
  - say: { room: g1@chatroom, from: wxid_f, text: "二" }
  - say: { room: g1@chatroom, from: wxid_f, text: "三" }
  - say: { room: g1@chatroom, from: wxid_f, text: "四" }
  - say: { room: g1@chatroom, from: wxid_f, text: "五" }
  - say: { room: g1@chatroom, from: wxid_f, text: "六" }
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_w, text: "我要退款，太失望了" }
  - say: { room: g1@chatroom, from: wxid_leader, text: "退款的事我来处理" }
  - settle: { timeout: 10s }
`)
    expect(says(t, 'g1@chatroom')).toEqual([
      expect.objectContaining({ text: '@f 请勿刷屏，再发将被移出群聊。', mentions: ['wxid_f'] }),
    ])
    expect(says(t, 'g2@chatroom')).toEqual([])
    expect(says(t, 'g3@chatroom')).toEqual([
      expect.objectContaining({ text: '@x 请勿在多个群重复发送相同内容，再发将被移出群聊。', mentions: ['wxid_x'] }),
    ])
    expect(removes(t)).toEqual([])
    // two alerts (messages are handled concurrently, so in either order), nothing else
    expect(hqTexts(t).sort()).toEqual([
      '👀 「北京1群(g1)」 leader(wxid_leader) 提到关注词「退款」：退款的事我来处理',
      '👀 「北京1群(g1)」 w(wxid_w) 提到关注词「退款」：我要退款，太失望了',
    ])
  })
})
