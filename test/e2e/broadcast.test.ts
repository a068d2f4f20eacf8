import { play, says, sendsTo, textIn } from '../helpers/scenario'

const base = (outbound: string, extra = '') => `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 10 }
  roles: { operator: [wxid_op1], viewer: [wxid_view] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京], leaders: [wxid_a] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
      - { room: sh1@chatroom, key: sh1, tags: [上海] }
  outbound: ${outbound}
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  ${extra}
world:
  contacts: [{ id: wxid_a, name: 李雷 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_view, wxid_x] }
    - { id: fake@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a, wxid_b] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_c] }
    - { id: sh1@chatroom, topic: 上海1群, members: [wxid_d] }
`

describe('broadcast from HQ', () => {
  it('reaches each tagged group once, paced, with an acknowledgement first and a final report', async () => {
    const { transcript: t } = await play(`name: basic
${base('{ minIntervalMs: 200, jitterMs: 0, quietHours: "" }')}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 标签:北京 今晚8点分享 {群名} 负责人{负责人}" }
  - settle: { timeout: 20s }
`)
    expect(textIn(t, 'bj1@chatroom')).toEqual(['今晚8点分享 北京1群 负责人李雷'])
    expect(textIn(t, 'bj2@chatroom')).toEqual(['今晚8点分享 北京2群 负责人群主'])
    expect(sendsTo(t, 'sh1@chatroom')).toHaveLength(0)
    const hq = says(t, 'hq@chatroom')
    expect(hq[0]?.text).toMatch(/B1 已开始：发往 2 个群/)
    expect(hq[0]!.t).toBeLessThan(says(t, 'bj1@chatroom')[0]!.t)
    expect(hq.at(-1)?.text).toMatch(/B1 完成：送达 2\/2 个群，失败 0，不确定 0/)
    const deliveries = t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')
    expect(deliveries[1]!.t - deliveries[0]!.t).toBeGreaterThanOrEqual(200)
  })

  it('refuses a non-operator and a room that only copies the HQ topic, and changes nothing', async () => {
    const { transcript: t } = await play(`name: refuse
${base('{ minIntervalMs: 50, jitterMs: 0, quietHours: "" }')}
steps:
  - say: { room: hq@chatroom, from: wxid_view, text: "#广播 全部 观众不能广播" }
  - say: { room: hq@chatroom, from: wxid_x, text: "#广播 全部 陌生人不能广播" }
  - say: { room: fake@chatroom, from: wxid_op1, text: "#广播 全部 假总部" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#进度" }
  - settle: { timeout: 10s }
`)
    for (const room of ['bj1@chatroom', 'bj2@chatroom', 'sh1@chatroom', 'fake@chatroom']) expect(sendsTo(t, room)).toHaveLength(0)
    const hq = textIn(t, 'hq@chatroom')
    expect(hq.filter((x) => x === '无权限: #广播 需要 operator')).toHaveLength(2)
    expect(hq).toContain('目前没有进行中的广播。')
  })

  it('waits for #确认 above the threshold, and #取消 of an unconfirmed one sends nothing', async () => {
    const { transcript: t } = await play(`name: confirm
${base('{ minIntervalMs: 50, jitterMs: 0, quietHours: "" }')}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 第一条" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#取消" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 第二条" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#确认 b2" }
  - settle: { timeout: 10s }
`.replace('confirmAbove: 10', 'confirmAbove: 2'))
    const hq = textIn(t, 'hq@chatroom')
    // the room that only copies HQ's topic is an ordinary managed group
    expect(hq[0]).toMatch(/B1 将发往 4 个群.*#确认 B1/s)
    expect(hq[1]).toBe('🛑 B1 已取消，没有发送。')
    for (const room of ['bj1@chatroom', 'bj2@chatroom', 'sh1@chatroom', 'fake@chatroom']) expect(textIn(t, room)).toEqual(['第二条'])
    const firstDelivery = t.find((l) => l.type === 'say' && l.room !== 'hq@chatroom')!
    const confirmAck = says(t, 'hq@chatroom').find((l) => /B2 已开始/.test(l.text ?? ''))!
    expect(confirmAck.t).toBeLessThan(firstDelivery.t)
    expect(hq.at(-1)).toMatch(/B2 完成：送达 4\/4/)
  })

  it('#转发 forwards the sender’s last HQ message, a link card, to the targets', async () => {
    const { transcript: t } = await play(`name: forward
${base('{ minIntervalMs: 50, jitterMs: 0, quietHours: "" }')}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, url: { title: 海报, url: "https://mp.weixin.qq.com/s/x" } }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#转发 群:bj1,上海1群" }
  - settle: { timeout: 10s }
`)
    expect(sendsTo(t, 'bj1@chatroom').map((l) => [l.type, l.kind, l.name])).toEqual([['send', 'url', '海报']])
    expect(sendsTo(t, 'sh1@chatroom').map((l) => l.kind)).toEqual(['url'])
    expect(sendsTo(t, 'bj2@chatroom')).toHaveLength(0)
  })

  it('answers a malformed command with its usage', async () => {
    const { transcript: t } = await play(`name: usage
${base('{ minIntervalMs: 50, jitterMs: 0, quietHours: "" }')}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 北京" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#重发" }
  - settle: { timeout: 5s }
`)
    const hq = textIn(t, 'hq@chatroom')
    expect(hq).toHaveLength(2)
    expect(hq.some((x) => x.includes('用法: #广播 <目标> <内容>'))).toBe(true)
    expect(hq.some((x) => x.includes('用法: #重发 <编号>'))).toBe(true)
  })

  it('follows topic changes by room id, and #标签 changes the tags a broadcast targets', async () => {
    const { transcript: t } = await play(`name: registry
${base('{ minIntervalMs: 50, jitterMs: 0, quietHours: "" }')}
steps:
  - topic: { room: bj2@chatroom, from: wxid_c, topic: 北京2群·新 }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#标签 sh1 +北京 -上海" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#群列表 标签:北京" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 群:北京2群·新 改名后按新名字找到" }
  - settle: { timeout: 10s }
`)
    const hq = textIn(t, 'hq@chatroom')
    expect(hq[0]).toBe('🏷 上海1群(sh1) 的标签: 北京')
    expect(hq[1]).toMatch(/管理中的群（3）/)
    expect(hq[1]).toContain('北京2群·新(bj2)')
    expect(hq[1]).toMatch(/上海1群\(sh1\) · 2人 · 北京/)
    expect(textIn(t, 'bj2@chatroom')).toEqual(['改名后按新名字找到'])
  })
})
