import { play, textIn } from '../helpers/scenario'
import type { TranscriptLine } from '../../src/sim/world'

const scenario = (report: string, steps: string) => `name: daily-report
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op] }
  groups:
    list:
      - { room: g1@chatroom, key: bj1, tags: [北京], leaders: [wxid_l1] }
      - { room: g2@chatroom, key: bj2, tags: [北京], leaders: [wxid_l2] }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  questions: { enabled: false }
  analytics: { report: '${report}' }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_l1, wxid_a, wxid_b] }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_l2, wxid_c] }
steps:
${steps}`

const privately = (t: TranscriptLine[], contact: string) =>
  t.filter((l) => l.type === 'say' && l.contact === contact).map((l) => l.text ?? '')

describe('the daily report', () => {
  it('goes to HQ for every group and to each leader for their own groups, once per run', async () => {
    const { transcript: t } = await play(
      scenario(
        '"*/3 * * * * *"',
        `
  - say: { room: g1@chatroom, from: wxid_a, text: 早上好 }
  - say: { room: g1@chatroom, from: wxid_b, text: 早, mentions: [wxid_a] }
  - say: { room: g2@chatroom, from: wxid_c, text: 在 }
  - wait: 4s
  - settle: { timeout: 2s }
`,
      ),
    )
    const hq = textIn(t, 'hq@chatroom').filter((x) => x.startsWith('📊'))
    expect(hq.length).toBeGreaterThanOrEqual(1)
    const [first] = hq
    expect(first).toMatch(/^📊 群报告 · 2 个群 \(\d{4}-\d\d-\d\d\)\n/)
    expect(first).toMatch(/合计 成员 5 · 7天发言 3 \(60%\)/)
    expect(first).toContain('🌱 候选负责人: 暂无')
    expect(first).toMatch(/北京1群 3人 7天活跃67%/)

    const l1 = privately(t, 'wxid_l1')
    const l2 = privately(t, 'wxid_l2')
    expect(l1).toHaveLength(hq.length)
    expect(l2).toHaveLength(hq.length)
    expect(l1[0]).toMatch(/^您好！这是您负责的 1 个群今天的情况：\n\n📊 群报告 · 北京1群 /)
    expect(l1[0]).toContain('成员 3 · 发言: 24小时 2 / 7天 2 / 30天 2')
    expect(l1[0]).toContain('互动 1 对')
    expect(l1[0]).not.toContain('北京2群')
    expect(l2[0]).toMatch(/📊 群报告 · 北京2群 /)
    expect(l2[0]).not.toContain('北京1群')
  })

  it('refuses an analytics.report it cannot use, with the usage', async () => {
    const { transcript: t } = await play(scenario('明天晚上', '  - settle: { timeout: 3s }'))
    expect(textIn(t, 'hq@chatroom')).toEqual([
      expect.stringMatching(/^⚠️ 配置 analytics.report 无法使用，不发每日报告。看不懂时间 明天晚上.*用法: #定时 <时间> <目标> <内容>/),
    ])
  })

  it("tells each leader who in their groups still has to fix the group nickname", async () => {
    const yaml = scenario('"*/3 * * * * *"', `
  - alias: { room: g1@chatroom, contact: wxid_a, name: 北京-阿强-教育 }
  - wait: 4s
  - settle: { timeout: 2s }
`).replace('nickname: { enabled: false }', 'nickname: { enabled: true, graceMs: 600000 }')
    const { transcript: t } = await play(yaml)
    const l1 = privately(t, 'wxid_l1')
    expect(l1.length).toBeGreaterThanOrEqual(1)
    expect(l1[0]).toContain('wxid_b')
    expect(l1[0]).not.toContain('wxid_a)')
    expect(l1[0]).not.toContain('wxid_c')
  })
})
