import { play, says, sendsTo, textIn } from '../helpers/scenario'
import { createScheduleStore } from '../../src/schedule/schedule-store'
import { TICK } from '../../src/schedule/schedules'
import type { SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'

const base = (extra: string) => `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 1 }
  roles: { operator: [wxid_op1], viewer: [wxid_view] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
      - { room: sh1@chatroom, key: sh1, tags: [上海] }
  outbound: { minIntervalMs: 50, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  ${extra}
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_view] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_b] }
    - { id: sh1@chatroom, topic: 上海1群, members: [wxid_c] }
`

/** times (transcript ms) between consecutive deliveries of `text` to `room` */
const gaps = (t: TranscriptLine[], room: string, text: string) => {
  const times = says(t, room).filter((l) => l.text === text).map((l) => l.t)
  return times.slice(1).map((x, i) => x - times[i]!)
}

describe('schedules from the config', () => {
  it('fire every 2 s to the tagged groups, once per fire time, across a restart and a duplicate tick', async () => {
    let restartedAt = 0
    let ticks: Array<{ at: number; broadcastId: string }> = []
    let duplicateAt = 0
    const { transcript: t } = await play(
      `name: schedule-every-2s
${base(`schedules: [{ id: tick, when: '"*/2 * * * * *"', target: "标签:北京", text: 定时问候 }]`)}
steps:
  - wait: 5s
  - restart: { hard: false }
  - wait: 500ms
  - wait: 5s
`,
      {
        afterStep: async (i, _step, bot: SimBot) => {
          if (i === 1) restartedAt = Date.now()
          if (i === 2) {
            // BullMQ's known bug, made on purpose: a second job for a tick that already ran
            const first = (await createScheduleStore(bot.app.ctx.redis, bot.app.ctx.keys).ticks({ source: 'config', id: 'tick' }))[0]
            duplicateAt = first?.at ?? 0
            await bot.app.ctx.control.add(TICK, { source: 'config', id: 'tick', at: duplicateAt }, { jobId: 'duplicate-tick' })
          }
        },
        afterSteps: async (bot) => {
          // let the last tick's deliveries and report finish
          await new Promise((r) => setTimeout(r, 1000))
          ticks = await createScheduleStore(bot.app.ctx.redis, bot.app.ctx.keys).ticks({ source: 'config', id: 'tick' })
        },
      },
    )
    expect(duplicateAt).toBeGreaterThan(0)
    // about 10.5 s of running, less the restart: at least 4 ticks, at most one per 2 s
    expect(ticks.length).toBeGreaterThanOrEqual(4)
    expect(ticks.length).toBeLessThanOrEqual(7)
    for (const [i, tick] of ticks.entries()) {
      expect(tick.at % 2000).toBe(0)
      if (i > 0) expect(tick.at - ticks[i - 1]!.at).toBeGreaterThanOrEqual(2000)
    }
    expect(new Set(ticks.map((x) => x.broadcastId)).size).toBe(ticks.length)
    expect(ticks.some((x) => x.at > restartedAt)).toBe(true)

    // every tick reached both Beijing groups exactly once (allowing the last one in flight)
    for (const room of ['bj1@chatroom', 'bj2@chatroom']) {
      const n = textIn(t, room).filter((x) => x === '定时问候').length
      expect(n).toBeGreaterThanOrEqual(ticks.length - 1)
      expect(n).toBeLessThanOrEqual(ticks.length)
      for (const gap of gaps(t, room, '定时问候')) expect(gap).toBeGreaterThanOrEqual(1500)
    }
    expect(sendsTo(t, 'sh1@chatroom')).toHaveLength(0)
    // a schedule never waits for #确认, even above confirmAbove; each tick reports back
    const hq = textIn(t, 'hq@chatroom')
    expect(hq.some((x) => /#确认/.test(x))).toBe(false)
    expect(hq.filter((x) => /完成：送达 2\/2 个群/.test(x)).length).toBeGreaterThanOrEqual(ticks.length - 1)
  })

  it('holds a scheduled broadcast in quiet hours', async () => {
    const now = new Date(Date.now() + 8 * 3600_000) // Asia/Shanghai is UTC+8 all year
    const hhmm = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    const quiet = `${hhmm(new Date(now.getTime() - 3600_000))}-${hhmm(new Date(now.getTime() + 3600_000))}`
    let delayed = 0
    const { transcript: t } = await play(
      `name: schedule-quiet
${base(`schedules: [{ id: tick, when: '"*/2 * * * * *"', target: "标签:北京", text: 夜里别吵 }]`).replace('quietHours: ""', `quietHours: "${quiet}"`)}
steps:
  - wait: 4500ms
`,
      {
        afterSteps: async (bot) => {
          delayed = (await bot.app.ctx.outbound.queue.getDelayed()).filter((j) => j.data.broadcastId).length
        },
      },
    )
    expect(sendsTo(t, 'bj1@chatroom')).toHaveLength(0)
    expect(sendsTo(t, 'bj2@chatroom')).toHaveLength(0)
    // the ticks did make their broadcasts: the deliveries wait for the morning
    expect(delayed).toBeGreaterThanOrEqual(2)
  })
})
