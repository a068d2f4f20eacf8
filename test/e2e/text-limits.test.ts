import type { TranscriptLine } from '../../src/sim/world'
import { play, says, sendsTo, textIn } from '../helpers/scenario'

/** outbound.maxTextLength's default: every text the bot sends must fit it */
const LIMIT = 2000

const base = (extra = '', worldExtra = '') => `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 10 }
  roles: { operator: [wxid_op1] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
  outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  questions: { enabled: false }
  ${extra}
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_b] }
${worldExtra}`

function expectAllWithinLimit(t: TranscriptLine[]): void {
  const texts = t.filter((l) => l.type === 'say').map((l) => l.text ?? '')
  expect(texts.length).toBeGreaterThan(0)
  expect(Math.max(...texts.map((x) => x.length))).toBeLessThanOrEqual(LIMIT)
  // the outbound edge never had to cut: the earlier layers kept every text in bounds
  expect(texts.filter((x) => x.includes('…(已截断)'))).toEqual([])
}

describe('text sizes (issue 8, item 7)', () => {
  it('#广播 群: with 5,000 unknown names: replies within the limit, naming the first few and counting the rest', async () => {
    const unknown = Array.from({ length: 5000 }, (_, i) => `没有这个群${i}`)
    const { transcript: t } = await play(`name: many-unknown
${base()}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 群:${unknown.join(',')} 只有未知的群" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 群:bj1,${unknown.join(',')} 今晚分享" }
  - settle: { timeout: 20s }
`)
    const hq = textIn(t, 'hq@chatroom')
    const noGroups = hq.find((x) => x.startsWith('没有匹配的群'))
    expect(noGroups).toContain('（未找到: 没有这个群0、没有这个群1、')
    expect(noGroups).toContain('…以及另外 4,980 个）')
    const started = hq.find((x) => x.includes('B1 已开始：发往 1 个群'))
    expect(started).toContain('…以及另外 4,980 个）')
    expect(textIn(t, 'bj1@chatroom')).toEqual(['今晚分享'])
    expect(sendsTo(t, 'bj2@chatroom')).toHaveLength(0)
    expectAllWithinLimit(t)
  })

  it('a 50 KB #广播 is refused with its length and the limit; nothing reaches any group', async () => {
    const text = '今晚八点直播'.repeat(8534) // 51,204 characters
    const { transcript: t } = await play(`name: huge-broadcast
${base()}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 ${text}" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时 每天08:00 全部 ${text}" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时列表" }
  - settle: { timeout: 20s }
`)
    expect(textIn(t, 'hq@chatroom')).toEqual([
      '广播内容有 51,204 字，超过微信单条消息的上限 2,000 字，没有发送。请缩短，或分成几条发送。',
      '定时内容有 51,204 字，超过微信单条消息的上限 2,000 字，没有发送。请缩短，或分成几条发送。',
      expect.stringMatching(/^还没有定时广播。/),
    ])
    for (const room of ['bj1@chatroom', 'bj2@chatroom']) expect(sendsTo(t, room)).toHaveLength(0)
    expectAllWithinLimit(t)
  })

  it('a text that only grows past the limit once {群名} is filled in is refused too, with the filled length', async () => {
    const topic = '一个名字非常非常长的北京读书会交流分享群第一分群' // 24 characters for the 4 of {群名}
    const text = `${'读'.repeat(1990)}{群名}` // 1,994 as typed, 2,014 filled in
    const { transcript: t } = await play(`name: filled-too-long
${base('', `    - { id: long@chatroom, topic: ${topic}, members: [wxid_c] }\n`)}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 群:${topic} ${text}" }
  - settle: { timeout: 20s }
`)
    expect(textIn(t, 'hq@chatroom')).toEqual([
      '广播内容填入{群名}{负责人}后有 2,014 字，超过微信单条消息的上限 2,000 字，没有发送。请缩短，或分成几条发送。',
    ])
    expect(sendsTo(t, 'long@chatroom')).toHaveLength(0)
  })

  it('the outbound edge cuts what slipped past every other layer, visibly', async () => {
    const { transcript: t } = await play(`name: edge-guard
${base()}
steps:
  - wait: 10ms
  - settle: { timeout: 20s }
`, {
      afterStep: async (i, _step, bot) => {
        if (i === 0) await bot.app.ctx.act({ type: 'say', to: 'bj1@chatroom', text: '😀'.repeat(3000) }, 'member')
      },
    })
    const [sent] = textIn(t, 'bj1@chatroom')
    expect(sent!.length).toBeLessThanOrEqual(LIMIT)
    expect(sent!.endsWith('😀…(已截断)')).toBe(true)
  })

  it('a 1 MB HQ message is answered with a short Chinese error', async () => {
    const { transcript: t } = await play(`name: megabyte-command
${base()}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 ${'x'.repeat(1_000_000)}" }
  - settle: { timeout: 20s }
`)
    expect(textIn(t, 'hq@chatroom')).toEqual([expect.stringMatching(/^命令太长（1,000,007 字，上限 100,000 字），没有执行。/)])
    expect(sendsTo(t, 'bj1@chatroom')).toHaveLength(0)
  })

  it('a long #群列表 comes as numbered pages (1/n), each within the limit', async () => {
    const { transcript: t } = await play(`name: long-list
${base('', '  generate:\n    - { count: 150, id: "city{i}@chatroom", topic: "这是一个名字相当长的城市交流群第{i}号", members: 1 }\n')}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#群列表" }
  - settle: { timeout: 20s }
`)
    const pages = textIn(t, 'hq@chatroom')
    expect(pages.length).toBeGreaterThan(1)
    pages.forEach((p, i) => expect(p.startsWith(`(${i + 1}/${pages.length})\n`)).toBe(true))
    expect(pages.join('\n')).toContain('150. ')
    expectAllWithinLimit(t)
  })

  it('500 joins at once: 25 welcomes of at most 20 @-mentions; everyone mentioned exactly once', async () => {
    const joiners = Array.from({ length: 500 }, (_, i) => `wxid_new${i}`)
    const { transcript: t } = await play(`name: mass-join
config:
  hq: { rooms: [hq@chatroom] }
  groups: { list: [{ room: g1@chatroom }] }
  outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: "" }
  rules:
    welcome: { batchMs: 200 }
    nickname: { enabled: false }
    intro: { enabled: false }
  questions: { enabled: false }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_old] }
steps:
  - join: { room: g1@chatroom, contacts: [${joiners.join(', ')}], inviter: wxid_old }
  - settle: { timeout: 60s }
`)
    const welcomes = says(t, 'g1@chatroom')
    expect(welcomes).toHaveLength(25)
    for (const w of welcomes) {
      expect((w.mentions ?? []).length).toBeLessThanOrEqual(20)
      expect(w.text).toContain('欢迎加入 北京1群！')
    }
    const mentioned = welcomes.flatMap((w) => w.mentions ?? [])
    expect(mentioned).toHaveLength(500)
    expect(new Set(mentioned)).toEqual(new Set(joiners))
    expectAllWithinLimit(t)
  })
})
