import { play, says, textIn, until } from '../helpers/scenario'
import type { TranscriptLine } from '../../src/sim/world'
import { formatLocalTime } from '../../src/texts'
import { localTime } from '../../src/core/time-window'

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
  const lists = (t: TranscriptLine[]) => says(t, 'hq@chatroom').filter((l) => /^⏰ 定时广播/.test(l.text ?? ''))

  it('#定时 makes a schedule that fires, survives a restart, is listed, and stops at #删除定时', async () => {
    // each step waits for the work it needs in the transcript, never for a clock
    const { transcript: t } = await play(
      scenario(`
  - say: { room: hq@chatroom, from: wxid_op1, text: '#定时 "*/1 * * * * *" 群:bj1 早安 {群名}' }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时列表" }
  - restart: { hard: false }
  - say: { room: hq@chatroom, from: wxid_view, text: "#定时列表" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#删除定时 s1" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_view, text: "#定时列表" }
  - settle: { timeout: 5s }
`),
      {
        afterStep: async (i, _step, _bot, world) => {
          if (i === 0) await until(world, 'two ticks delivered', (tr) => says(tr, 'bj1@chatroom').length >= 2)
          if (i === 1) await until(world, 'the first list', (tr) => lists(tr).length === 1)
          if (i === 3) {
            await until(world, 'the list after the restart and a tick after it', (tr) => {
              const second = lists(tr)[1]
              return !!second && says(tr, 'bj1@chatroom').some((l) => l.t > second.t)
            })
          }
          if (i === 4) await until(world, 'the removal', (tr) => textIn(tr, 'hq@chatroom').some((x) => /已删除定时 S1/.test(x)))
        },
      },
    )
    const hq = says(t, 'hq@chatroom')
    // a time on a whole minute is shown without its seconds (one tick in 60 lands there)
    expect(hq[0]?.text).toMatch(/^⏰ 已创建定时 S1：cron \*\/1 \* \* \* \* \* → 群:bj1（目前 1 个群），下次 \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?。/)
    expect(lists(t)).toHaveLength(2) // before and after the restart
    for (const l of lists(t)) expect(l.text).toMatch(/S1 cron \*\/1 \* \* \* \* \* → 群:bj1 · 下次 \d{4}-.* · 早安 \{群名\}/)
    expect(textIn(t, 'hq@chatroom').at(-1)).toMatch(/还没有定时广播/)

    const deliveries = says(t, 'bj1@chatroom')
    expect(deliveries.every((l) => l.text === '早安 北京1群')).toBe(true)
    expect(hqAt(hq, /已删除定时 S1/)).toBeDefined()
    // The settle after the removal drained what earlier ticks had queued (on a loaded machine
    // that may be several paced sends) and waited for any job due within 5 s: a live schedule
    // ticks every second, so a tick left behind would deliver after the empty list below
    const emptyList = hqAt(hq, /还没有定时广播/)!
    expect(deliveries.filter((l) => l.t > emptyList.t)).toHaveLength(0)
    expect(says(t, 'bj2@chatroom')).toHaveLength(0)
  })

  it('a once-only time fires once, at its time, and leaves the list', async () => {
    let at = 0
    let atT = 0
    const { transcript: t } = await play(
      scenario(`
  - settle: { timeout: 20s }
  - settle: { timeout: 15s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#定时列表" }
  - settle: { timeout: 5s }
`),
      {
        // the time is chosen once the bot is up and idle, 3 s ahead, on a whole second
        afterStep: async (i, _step, _bot, world) => {
          if (i !== 0) return
          at = Math.ceil((Date.now() + 3000) / 1000) * 1000
          atT = world.elapsed() + (at - Date.now())
          const local = formatLocalTime(localTime(at, 'Asia/Shanghai')).replace(' ', 'T')
          const withSeconds = /:\d\d:\d\d$/.test(local) ? local : `${local}:00`
          world.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text: `#定时 ${withSeconds} 标签:北京 只发一次` })
        },
      },
    )
    expect(textIn(t, 'hq@chatroom')[0]).toMatch(/已创建定时 S1：.*\(一次\) → 标签:北京（目前 2 个群）/)
    // the second settle waited for the delayed tick (due within its timeout) and its sends
    expect(textIn(t, 'bj1@chatroom')).toEqual(['只发一次'])
    expect(textIn(t, 'bj2@chatroom')).toEqual(['只发一次'])
    // at its time, not at once (the transcript's clock is the world's, in whole ms)
    expect(says(t, 'bj1@chatroom')[0]!.t).toBeGreaterThanOrEqual(atT - 5)
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
