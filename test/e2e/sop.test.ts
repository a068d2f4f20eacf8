import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TranscriptLine } from '../../src/sim/world'
import { play, textIn } from '../helpers/scenario'

/** `2026-12-02T20:00 g1@chatroom 第0天…`: what a group got, at its minute on the bot's clock */
const sent = (t: TranscriptLine[]) =>
  t
    .filter((l) => (l.type === 'say' || l.type === 'send') && l.room !== 'hq@chatroom')
    .map((l) => `${(l.at ?? '').slice(0, 16)} ${l.room?.replace('@chatroom', '')} ${l.type === 'send' ? `[${l.kind}] ${l.name}` : l.text}`)

describe('SOP timelines on the virtual clock (scenarios/sop.yaml)', () => {
  it('sends each step of each group once, on its day at its time; quiet hours hold one to 08:00; the welcome pack @s the day’s newcomers', async () => {
    const { transcript: t } = await play(readFileSync(join(__dirname, '..', '..', 'scenarios', 'sop.yaml'), 'utf8'))
    const lines = sent(t)
    const S1 = (g: string, day0: string) => {
      const d = (n: number) => {
        const x = new Date(`${day0}T00:00:00Z`)
        x.setUTCDate(x.getUTCDate() + n)
        return x.toISOString().slice(0, 10)
      }
      return [
        `${d(0)}T20:00 ${g} 第0天：欢迎来到新生营`,
        `${d(1)}T20:00 ${g} [image] poster.png`,
        // due 23:30 on day 3, inside quiet hours 22:00-08:00: the next morning at 08:00
        `${d(4)}T08:00 ${g} 第3天讨论题：你最想学什么？`,
        `${d(7)}T10:00 ${g} 第7天问卷`,
        `${d(13)}T20:00 ${g} 第13天结营`,
      ]
    }
    // g1, g2 tagged from the start; g3 on 12-02, g4 on 12-04 (then a hard restart); g5 on 12-06 at 20:00,
    // whose day-0 step went at the 21:00 sync, 1 h late (< sop.lateHours)
    const expected = [...S1('g1', '2026-12-01'), ...S1('g2', '2026-12-01'), ...S1('g3', '2026-12-02'), ...S1('g4', '2026-12-04')]
    const g5 = S1('g5', '2026-12-06').map((l) => l.replace('2026-12-06T20:00', '2026-12-06T21:00'))
    const welcome = ['2026-12-02T21:00 g5 @小新\u2005@小美 欢迎新朋友，新人礼包请查收', '2026-12-02T21:00 g5 [file] welcome.pdf']
    // ends 12-19 08:00: g5's day 13 (12-19 20:00) is still ahead
    expect([...lines].sort()).toEqual([...expected, ...g5.slice(0, 4), ...welcome].sort())
    const pack = t.find((l) => l.type === 'say' && l.room === 'g5@chatroom' && l.text?.includes('新人礼包'))
    expect(pack?.mentions).toEqual(['wxid_n1', 'wxid_n2'])
    const hq = textIn(t, 'hq@chatroom')
    expect(hq.find((l) => l.startsWith('📅 S1 · 新生1群'))).toContain('第1天 12-02 20:00 ✅已发 [素材:课程海报]')
    expect(hq.at(-1)).toMatch(/^📅 SOP \(2\)\nS1 新生14天 · 按建群\/入标签日 · 5 个群 · 已发 24 · 发送中 0 · 待发 1 · 跳过 0 · 失败 0\nW1/)
  })

  it('a paused group gets nothing until resumed; a step that fell due more than lateHours before is skipped and counted', async () => {
    const { transcript: t } = await play(`
name: sop-pause
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups: { list: [{ room: g1@chatroom, key: g1 }, { room: g2@chatroom, key: g2 }] }
  outbound: { minIntervalMs: 1000, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  sop:
    lateHours: 6
    timelines:
      - id: S1
        steps:
          - { day: 0, at: "10:00", text: 第0天 }
          - { day: 1, at: "10:00", text: 第1天 }
          - { day: 2, at: "20:00", text: 第2天 }
world:
  startAt: "2026-12-01T08:00:00+08:00"
  contacts: [{ id: wxid_op1, name: 运营 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 一群, members: [wxid_a] }
    - { id: g2@chatroom, topic: 二群, members: [wxid_b] }
steps:
  - settle: { timeout: 30s, ahead: 1s }
  - advance: 12h
  - say: { room: hq@chatroom, from: wxid_op1, text: "#SOP 暂停 S1 群:g1" }
  - advance: 1d
  - say: { room: hq@chatroom, from: wxid_op1, text: "#SOP 继续 S1 群:g1" }
  - advance: 2d
  - say: { room: hq@chatroom, from: wxid_op1, text: "#SOP" }
  - settle: { timeout: 30s }
`)
    expect(sent(t).sort()).toEqual([
      '2026-12-01T10:00 g1 第0天',
      '2026-12-01T10:00 g2 第0天',
      '2026-12-02T10:00 g2 第1天',
      '2026-12-03T20:00 g1 第2天',
      '2026-12-03T20:00 g2 第2天',
    ])
    const hq = textIn(t, 'hq@chatroom')
    expect(hq).toContain('⏸ S1 已在 1 个群暂停，#SOP 继续 S1 <目标> 恢复。')
    // g1's day 1 (12-02 10:00) fell due while paused, 10 h before the resume: skipped, counted
    expect(hq.at(-1)).toContain('已发 5 · 发送中 0 · 待发 0 · 跳过 1 · 失败 0')
  })

  it('steps held by the daily cap go the next day, and HQ hears the count once that day', async () => {
    const { transcript: t } = await play(`
name: sop-cap
config:
  hq: { rooms: [hq@chatroom] }
  groups: { list: [{ room: g1@chatroom, key: g1 }, { room: g2@chatroom, key: g2 }, { room: g3@chatroom, key: g3 }, { room: g4@chatroom, key: g4 }] }
  outbound: { minIntervalMs: 1000, jitterMs: 0, quietHours: "", dailyCap: 2 }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  sop:
    timelines:
      - id: S1
        steps:
          - { day: 0, at: "10:00", text: 第0天 }
world:
  startAt: "2026-12-01T08:00:00+08:00"
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 一群, members: [wxid_a] }
    - { id: g2@chatroom, topic: 二群, members: [wxid_b] }
    - { id: g3@chatroom, topic: 三群, members: [wxid_c] }
    - { id: g4@chatroom, topic: 四群, members: [wxid_d] }
steps:
  - settle: { timeout: 30s, ahead: 1s }
  - advance: 2d
  - settle: { timeout: 30s }
`)
    const groups = sent(t)
    // every group gets its step exactly once
    expect(groups.map((l) => l.split(' ')[1]).sort()).toEqual(['g1', 'g2', 'g3', 'g4'])
    const first = groups.filter((l) => l.startsWith('2026-12-01T10:0'))
    const later = groups.filter((l) => l.startsWith('2026-12-02T'))
    expect(first.length).toBeGreaterThan(0)
    expect(later.length).toBeGreaterThan(0)
    expect(first.length + later.length).toBe(4)
    const capLines = textIn(t, 'hq@chatroom').filter((l) => l.includes('因每日发送上限'))
    expect(capLines).toEqual([`⏸ 今日 ${later.length} 条 SOP 因每日发送上限 (outbound.dailyCap 2) 顺延到明天发送。`])
    const capLine = t.find((l) => l.room === 'hq@chatroom' && l.text?.includes('因每日发送上限'))
    expect(capLine?.at?.slice(0, 10)).toBe('2026-12-01')
  })
})
