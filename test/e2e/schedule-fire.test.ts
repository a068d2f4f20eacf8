import { play, says, sendsTo, textIn, until } from '../helpers/scenario'
import { TICK } from '../../src/plugins/schedules/schedules'
import type { SimBot } from '../../src/sim/sim-bot'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { waitFor } from '../helpers/outbound'

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

const delivered = (t: TranscriptLine[], room: string, text: string, after = -1) => says(t, room).filter((l) => l.text === text && l.t > after).length

describe('schedules from the config', () => {
  it('fire every 2 s to the tagged groups, once per fire time, across a restart and a duplicate tick', async () => {
    let restartedT = 0
    let restartedAt = 0
    let world: SimWorld | undefined
    let ticks: Array<{ at: number; broadcastId: string }> = []
    let duplicateAt = 0
    let t: TranscriptLine[] = []
    const both = (tr: TranscriptLine[], n: number, after = -1) =>
      delivered(tr, 'bj1@chatroom', '定时问候', after) >= n && delivered(tr, 'bj2@chatroom', '定时问候', after) >= n
    // every step waits for ticks delivered (the transcript), never for a clock
    await play(
      `name: schedule-every-2s
${base(`schedules: [{ id: tick, when: '"*/2 * * * * *"', target: "标签:北京", text: 定时问候 }]`)}
steps:
  - wait: 1ms
  - restart: { hard: false }
  - wait: 1ms
`,
      {
        afterStep: async (i, _step, bot: SimBot, w) => {
          world = w
          if (i === 0) await until(world, 'two ticks delivered', (tr) => both(tr, 2))
          if (i === 1) {
            restartedT = world.elapsed()
            restartedAt = Date.now()
          }
          if (i === 2) {
            // BullMQ's known bug, made on purpose: a second job for a tick that already ran
            const first = (await bot.app.ctx.stores.schedules.ticks({ source: 'config', id: 'tick' }))[0]
            duplicateAt = first?.at ?? 0
            await bot.app.ctx.control.add(TICK, { source: 'config', id: 'tick', at: duplicateAt }, { jobId: 'duplicate-tick' })
            await until(world, 'two ticks delivered after the restart', (tr) => both(tr, 2, restartedT))
          }
        },
        afterSteps: async (bot) => {
          // a moment between ticks when every tick so far is delivered and reported: read both then
          const { schedules } = bot.app.ctx.stores
          await waitFor(async () => {
            ticks = await schedules.ticks({ source: 'config', id: 'tick' })
            const tr = [...world!.transcript]
            const done = textIn(tr, 'hq@chatroom').filter((x) => /完成：送达 2\/2 个群/.test(x)).length
            if (!both(tr, ticks.length) || done < ticks.length) return false
            t = tr
            return true
          }, 15_000)
        },
      },
    )
    expect(duplicateAt).toBeGreaterThan(0)
    expect(ticks.length).toBeGreaterThanOrEqual(4)
    for (const [i, tick] of ticks.entries()) {
      expect(tick.at % 2000).toBe(0)
      if (i > 0) expect(tick.at - ticks[i - 1]!.at).toBeGreaterThanOrEqual(2000)
    }
    expect(new Set(ticks.map((x) => x.broadcastId)).size).toBe(ticks.length)
    expect(ticks.some((x) => x.at > restartedAt)).toBe(true)

    // every tick reached both Beijing groups exactly once, the duplicate tick none
    for (const room of ['bj1@chatroom', 'bj2@chatroom']) {
      expect(delivered(t, room, '定时问候')).toBe(ticks.length)
      // 2 s apart when decided; the transcript shows sends a paced queue may delay, so half
      for (const gap of gaps(t, room, '定时问候')) expect(gap).toBeGreaterThanOrEqual(1000)
    }
    expect(sendsTo(t, 'sh1@chatroom')).toHaveLength(0)
    // a schedule never waits for #确认, even above confirmAbove; each tick reports back
    const hq = textIn(t, 'hq@chatroom')
    expect(hq.some((x) => /#确认/.test(x))).toBe(false)
    expect(hq.filter((x) => /完成：送达 2\/2 个群/.test(x))).toHaveLength(ticks.length)
  })

  it('holds a scheduled broadcast in quiet hours until they end (on the virtual clock)', async () => {
    let heldAtMidnight = 0
    const { transcript: t } = await play(
      `name: schedule-quiet
${base(`schedules: [{ id: night, when: 每天23:45, target: "标签:北京", text: 夜里别吵 }]`).replace('quietHours: ""', 'quietHours: "23:00-07:00"')}
  startAt: "2026-12-01T23:00:00+08:00"
steps:
  - advance: 1h
  - advance: 12h
`,
      {
        afterStep: async (i, _step, bot) => {
          // the positive signal first: the tick made its broadcast and the processor held both deliveries
          if (i === 0) heldAtMidnight = (await bot.app.ctx.outbound.queue.getDelayed()).filter((j) => j.data.broadcastId).length
        },
      },
    )
    expect(heldAtMidnight).toBe(2)
    // … and they went out when the quiet hours ended, at 07:00, not before
    for (const room of ['bj1@chatroom', 'bj2@chatroom']) {
      expect(sendsTo(t, room).map((l) => [l.text, l.at?.slice(0, 16)])).toEqual([['夜里别吵', '2026-12-02T07:00']])
    }
  })
})
