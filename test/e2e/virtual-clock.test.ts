import { play, says, textIn } from '../helpers/scenario'
import type { TranscriptLine } from '../../src/sim/world'

/**
 * The virtual clock (issue 21): `world.startAt` and `advance` move the bot's and the world's
 * clock; what is due on the way happens in order, at its time on that clock (`at`).
 */
const scenario = `
name: virtual-clock
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
  schedules:
    - { id: morning, when: 每天09:00, target: "标签:北京", text: 早上好 }
    - { id: late, when: 每天23:30, target: "标签:北京", text: 晚安 }
  outbound: { minIntervalMs: 3000, jitterMs: 0, quietHours: "23:00-07:00" }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { deadlineMs: 7200000, minLength: 10, action: remove }
world:
  startAt: "2026-12-01T08:00:00+08:00"
  contacts:
    - { id: wxid_op1, name: 运营小王 }
    - { id: wxid_new, name: 小新 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_b] }
steps:
  - settle: { timeout: 30s, ahead: 1s }
  - join: { room: bj1@chatroom, contacts: [wxid_new], inviter: wxid_a }
  - advance: 3d
`

const hhmm = (l: TranscriptLine) => (l.at ?? '').slice(0, 16)

describe('the virtual clock', () => {
  it('three days pass in seconds: daily ticks on their minute, paced, the quiet-hour one held to 07:00, the intro deadline at its time', async () => {
    const { transcript: t } = await play(scenario)
    for (const l of t) expect(l.at).toMatch(/^2026-12-0[1-4]T\d\d:\d\d:\d\d\+08:00$/)
    // t is ms on the bot's clock since the start
    expect(t.at(-1)!.t).toBeGreaterThan(24 * 3600_000)

    // the member who never introduced himself is removed two hours after joining, at 10:00
    const removals = t.filter((l) => l.type === 'remove')
    expect(removals.map((l) => [l.contact, hhmm(l)])).toEqual([['wxid_new', '2026-12-01T10:00']])

    for (const room of ['bj1@chatroom', 'bj2@chatroom']) {
      const morning = says(t, room).filter((l) => l.text === '早上好')
      // 09:00 on the three days; the two rooms 3 s apart (pacing on the same clock)
      expect(morning.map((l) => l.at!.slice(0, 13))).toEqual(['2026-12-01T09', '2026-12-02T09', '2026-12-03T09'])
      // 23:30 falls in the quiet hours: held to 07:00 the next morning
      const late = says(t, room).filter((l) => l.text === '晚安')
      expect(late.map((l) => l.at!.slice(0, 13))).toEqual(['2026-12-02T07', '2026-12-03T07', '2026-12-04T07'])
    }
    const first = t.filter((l) => l.type === 'say' && l.text === '早上好').slice(0, 2)
    expect(first[1]!.t - first[0]!.t).toBeGreaterThanOrEqual(3000)
    expect(first[1]!.t - first[0]!.t).toBeLessThan(3000 + 1000)
    // in order on the clock
    for (let i = 1; i < t.length; i++) expect(t[i]!.t).toBeGreaterThanOrEqual(t[i - 1]!.t)
    expect(textIn(t, 'hq@chatroom').length).toBeGreaterThan(0)
  }, 120_000)

  it('a scenario without startAt or advance stays on the real clock: no `at`', async () => {
    const { transcript: t } = await play(`
name: real-clock
config: { hq: { rooms: [hq@chatroom] }, roles: { admin: [wxid_op1] } }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#帮助" }
  - settle: { timeout: 30s }
`)
    expect(t.length).toBeGreaterThan(0)
    for (const l of t) expect(l.at).toBeUndefined()
  }, 60_000)
})
