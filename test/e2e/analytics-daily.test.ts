import { play, textIn, until } from '../helpers/scenario'
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
    // the report ticks every 3 s, so no settle (it would race the next tick): wait for the
    // first tick that counted the three messages, and read the transcript as it was then
    let t: TranscriptLine[] = []
    await play(
      scenario(
        '"*/3 * * * * *"',
        `
  - say: { room: g1@chatroom, from: wxid_a, text: 早上好 }
  - say: { room: g1@chatroom, from: wxid_b, text: 早, mentions: [wxid_a] }
  - say: { room: g2@chatroom, from: wxid_c, text: 在 }
`,
      ),
      {
        afterStep: async (i, _step, _bot, world) => {
          if (i !== 2) return
          await until(world, 'a report counting the three messages, to HQ and to both leaders', (tr) => {
            const hq = textIn(tr, 'hq@chatroom').filter((x) => x.startsWith('📊'))
            return hq.some((x) => x.includes('7天发言 3')) && privately(tr, 'wxid_l1').length === hq.length && privately(tr, 'wxid_l2').length === hq.length
          })
          t = [...world.transcript]
        },
      },
    )
    const hq = textIn(t, 'hq@chatroom').filter((x) => x.startsWith('📊'))
    const first = hq.find((x) => x.includes('7天发言 3'))!
    const at = hq.indexOf(first)
    expect(first).toMatch(/^📊 群报告 · 2 个群 \(\d{4}-\d\d-\d\d\)\n/)
    expect(first).toMatch(/合计 成员 5 · 7天发言 3 \(60%\)/)
    expect(first).toContain('🌱 候选负责人: 暂无')
    expect(first).toMatch(/北京1群 3人 7天活跃67%/)

    const l1 = privately(t, 'wxid_l1')
    const l2 = privately(t, 'wxid_l2')
    expect(l1).toHaveLength(hq.length)
    expect(l2).toHaveLength(hq.length)
    expect(l1[at]).toMatch(/^您好！这是您负责的 1 个群今天的情况：\n\n📊 群报告 · 北京1群 /)
    expect(l1[at]).toContain('成员 3 · 发言: 24小时 2 / 7天 2 / 30天 2')
    expect(l1[at]).toContain('互动 1 对')
    expect(l1[at]).not.toContain('北京2群')
    expect(l2[at]).toMatch(/📊 群报告 · 北京2群 /)
    expect(l2[at]).not.toContain('北京1群')
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
`).replace('nickname: { enabled: false }', 'nickname: { enabled: true, graceMs: 600000 }')
    // wait for a leader's report that already knows wxid_a's new nickname (no settle: it would race the 3 s tick)
    let l1: string[] = []
    await play(yaml, {
      afterStep: async (_i, _step, _bot, world) => {
        await until(world, "a leader's report after the nickname change", (tr) => privately(tr, 'wxid_l1').some((x) => !x.includes('wxid_a)')))
        l1 = privately(world.transcript, 'wxid_l1')
      },
    })
    const report = l1.find((x) => !x.includes('wxid_a)'))!
    expect(report).toContain('wxid_b')
    expect(report).not.toContain('wxid_c')
  })
})
