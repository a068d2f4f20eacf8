import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play, says, until } from '../helpers/scenario'

/**
 * Several accounts in one process (issue 23): the scenario runner's `oneProcess` runs the
 * world's accounts as `QUNHQ_ACCOUNTS=b1,b2,b3` does, one app and one Wechaty each, sharing
 * one set of Redis connections, one rules model and one metrics registry, under the
 * accounts host (a crashed account is stopped, HQ told, restarted after a back-off).
 */
const config = (extra = '') => `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 100 }
  roles: { operator: [wxid_op1] }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 0, blacklist: false }
  outbound: { minIntervalMs: 50, jitterMs: 0, quietHours: "", backoffMs: 10 }
  ${extra}
`

const world = `
world:
  bots: [{ id: b1, name: 助手一 }, { id: b2, name: 助手二 }, { id: b3, name: 助手三 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 一群, admins: [b1, b2, b3], members: [wxid_u1, wxid_spam] }
    - { id: g2@chatroom, topic: 二群, admins: [b1, b2, b3], members: [wxid_u2, wxid_spam2] }
    - { id: g3@chatroom, topic: 三群, admins: [b1, b2, b3], members: [wxid_u3, wxid_spam3] }
    - { id: g4@chatroom, topic: 四群, admins: [b1, b2, b3], members: [wxid_u4] }
    - { id: g5@chatroom, topic: 五群, admins: [b1, b2, b3], members: [wxid_u5] }
    - { id: g6@chatroom, topic: 六群, admins: [b1, b2, b3], members: [wxid_u6] }
`

const groups = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'].map((g) => `${g}@chatroom`)
const delivered = (t: TranscriptLine[], room: string, text: string) => says(t, room).filter((l) => l.text === text)

describe('several accounts in one process', () => {
  it('share a broadcast exactly once; one banned mid-broadcast: its groups move to the others, HQ told once', async () => {
    // b1 serves HQ and waits 2 s per send; it is banned the moment it acknowledges the broadcast
    let banned = false
    const { transcript: t } = await play(
      `name: one-process-ban
${config('accounts: { list: [{ id: b1, minIntervalMs: 2000 }, { id: b2 }, { id: b3 }] }')}
${world}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#账号" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 今晚8点分享" }
  - settle: { timeout: 30s }
`,
      {
        oneProcess: true,
        onEvent: (event, w) => {
          if (banned || event.type !== 'action' || !/B1 已开始/.test(event.line.text ?? '')) return
          banned = true
          queueMicrotask(() => w.ban('b1'))
        },
      },
    )
    expect(banned).toBe(true)
    // every group once, none by the banned account after the ban, nothing failed or repeated
    for (const room of groups) expect(delivered(t, room, '今晚8点分享')).toHaveLength(1)
    const bots = groups.map((room) => delivered(t, room, '今晚8点分享')[0]?.bot)
    expect(bots.filter((b) => b === 'b2').length).toBeGreaterThanOrEqual(2)
    expect(bots.filter((b) => b === 'b3').length).toBeGreaterThanOrEqual(2)
    expect(t.filter((l) => l.type === 'send-failed')).toEqual([])
    const hq = hqTexts(t)
    const failovers = hq.filter((x) => x.startsWith('🔀 账号 b1 已停用'))
    expect(failovers).toHaveLength(1)
    expect(failovers[0]).toMatch(/个群转由其他账号服务: .*运营总部/)
    const reports = hq.filter((x) => /B1 完成/.test(x))
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/送达 6\/6 个群，失败 0，不确定 0/)
  })

  it("a crash inside one account's puppet leaves the others serving: its groups move, HQ is told once", async () => {
    let crashed = false
    const { transcript: t } = await play(
      `name: one-process-crash
${config()}
${world}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#账号" }
  - settle: { timeout: 20s }
  - say: { room: g1@chatroom, from: wxid_u1, text: "大家好" }
  - settle: { timeout: 20s }
  - say: { room: g1@chatroom, from: wxid_spam, text: "招兼职刷单，日结三百" }
  - say: { room: g2@chatroom, from: wxid_spam2, text: "招兼职刷单，日结三百，加我" }
  - say: { room: g3@chatroom, from: wxid_spam3, text: "招兼职刷单，日结三百，速来" }
  - settle: { timeout: 30s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 今晚8点分享" }
  - settle: { timeout: 30s }
`,
      {
        oneProcess: true,
        // the restart (its back-off is the accounts host's unit test) comes after the run
        restartMs: 600_000,
        // b2's puppet crashes after the first member message: b1 and b3 go on in the same process
        afterStep: async (i, _step, _bot, w, bots) => {
          if (i !== 3) return
          const b2 = bots.find((b) => b.app.ctx.view.selfId() === 'b2')
          expect(b2).toBeDefined()
          crashed = true
          b2!.crashPuppet()
          // the host has stopped b2 (its lease released) when it tells HQ
          await until(w, 'the crash told to HQ', (lines) => lines.some((l) => l.text?.startsWith('⚠️ 账号 b2') === true))
        },
      },
    )
    expect(crashed).toBe(true)
    // the spam after the crash: removed, each once, by an account still serving
    const removals = t.filter((l) => l.type === 'remove')
    expect(removals.map((r) => r.contact).sort()).toEqual(['wxid_spam', 'wxid_spam2', 'wxid_spam3'])
    expect(removals.every((r) => r.ok === true)).toBe(true)
    // the broadcast after it: every group once
    for (const room of groups) expect(delivered(t, room, '今晚8点分享')).toHaveLength(1)
    const hq = hqTexts(t)
    expect(hq.filter((x) => x.startsWith('⚠️ 账号 b2 的微信连接崩溃'))).toHaveLength(1)
    const failovers = hq.filter((x) => x.startsWith('🔀 账号 b2 已停用'))
    expect(failovers).toHaveLength(1)
    // nothing from the crashed account after its crash
    expect(groups.map((room) => delivered(t, room, '今晚8点分享')[0]?.bot)).not.toContain('b2')
    expect(removals.map((r) => r.bot)).not.toContain('b2')
  })
})
