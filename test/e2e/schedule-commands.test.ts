import { play, says, textIn } from '../helpers/scenario'
import { formatLocalTime } from '../../src/messages'

const scenario = (steps: string) => `name: schedule-commands
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1], viewer: [wxid_view] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
  outbound: { minIntervalMs: 50, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_view] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_b] }
steps:
${steps}`

const hqAt = (t: ReturnType<typeof says>, pattern: RegExp) => t.find((l) => pattern.test(l.text ?? ''))

describe('schedules from HQ', () => {
  it('#定时 makes a schedule that fires, survives a restart, is listed, and stops at #删除定时', async () => {
    const { transcript: t } = await play(
      scenario(`
  - say: { room: hq@chatroom, from: wxid_op1, text: '#定时 "*/2 * * * * *" 群:bj1 早安 {群名}' }
  - wait: 4500ms
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时列表" }
  - restart: { hard: false }
  - say: { room: hq@chatroom, from: wxid_view, text: "#定时列表" }
  - wait: 4s
  - say: { room: hq@chatroom, from: wxid_op1, text: "#删除定时 s1" }
  - wait: 3500ms
  - say: { room: hq@chatroom, from: wxid_view, text: "#定时列表" }
  - settle: { timeout: 3s }
`),
    )
    const hq = says(t, 'hq@chatroom')
    expect(hq[0]?.text).toMatch(/^⏰ 已创建定时 S1：cron \*\/2 \* \* \* \* \* → 群:bj1（目前 1 个群），下次 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/)
    const lists = hq.filter((l) => /^⏰ 定时广播/.test(l.text ?? ''))
    expect(lists).toHaveLength(2) // before and after the restart
    for (const l of lists) expect(l.text).toMatch(/S1 cron \*\/2 \* \* \* \* \* → 群:bj1 · 下次 \d{4}-.* · 早安 \{群名\}/)
    expect(textIn(t, 'hq@chatroom').at(-1)).toMatch(/还没有定时广播/)

    const deliveries = says(t, 'bj1@chatroom')
    expect(deliveries.every((l) => l.text === '早安 北京1群')).toBe(true)
    const restarted = hq.find((l) => l.text?.startsWith('⏰ 定时广播') && l.t > (lists[0]?.t ?? 0))!
    expect(deliveries.filter((l) => l.t < lists[0]!.t).length).toBeGreaterThanOrEqual(2)
    expect(deliveries.filter((l) => l.t > restarted.t).length).toBeGreaterThanOrEqual(1)
    const removed = hqAt(hq, /已删除定时 S1/)!
    // a tick already on its way may still arrive; nothing after that
    expect(deliveries.filter((l) => l.t > removed.t).length).toBeLessThanOrEqual(1)
    expect(says(t, 'bj2@chatroom')).toHaveLength(0)
  })

  it('a once-only time fires once and leaves the list', async () => {
    const at = Math.ceil((Date.now() + 4000) / 1000) * 1000
    const local = formatLocalTime(at, 'Asia/Shanghai').replace(' ', 'T')
    const withSeconds = /:\d\d:\d\d$/.test(local) ? local : `${local}:00`
    const { transcript: t } = await play(
      scenario(`
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时 ${withSeconds} 标签:北京 只发一次" }
  - wait: 6s
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时列表" }
  - settle: { timeout: 5s }
`),
    )
    expect(textIn(t, 'hq@chatroom')[0]).toMatch(/已创建定时 S1：.*\(一次\) → 标签:北京（目前 2 个群）/)
    expect(textIn(t, 'bj1@chatroom')).toEqual(['只发一次'])
    expect(textIn(t, 'bj2@chatroom')).toEqual(['只发一次'])
    // at its time, not at once
    expect(says(t, 'bj1@chatroom')[0]!.t - says(t, 'hq@chatroom')[0]!.t).toBeGreaterThanOrEqual(2000)
    expect(textIn(t, 'hq@chatroom').some((x) => /还没有定时广播/.test(x))).toBe(true)
  })

  it('refuses what cannot be a schedule, with the usage; viewers may only list', async () => {
    const { transcript: t } = await play(
      scenario(`
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时 明天早上 群:bj1 早安" }
  - say: { room: hq@chatroom, from: wxid_op1, text: '#定时 "0 25 * * *" 群:bj1 早安' }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时 2020-01-01T08:00 群:bj1 早安" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时 每天08:00 群:没有这个群 早安" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#删除定时 S9" }
  - say: { room: hq@chatroom, from: wxid_view, text: "#定时 每天08:00 群:bj1 早安" }
  - settle: { timeout: 5s }
`),
    )
    // messages are handled concurrently, so replies may come in any order
    const hq = textIn(t, 'hq@chatroom')
    expect(hq).toHaveLength(6)
    const one = (pattern: RegExp) => expect(hq.filter((x) => pattern.test(x))).toHaveLength(1)
    one(/^看不懂时间 明天早上.*用法: #定时 <时间> <目标> <内容>/)
    one(/^cron 的 时 段 25 不对.*用法: #定时/)
    one(/^时间 2020-01-01 08:00 已经过了.*用法: #定时/)
    one(/^没有匹配 群:没有这个群 的群.*未创建定时/)
    one(/^没有找到定时 S9。发送 #定时列表 查看。$/)
    one(/^无权限: #定时 需要 operator$/)
  })
})
