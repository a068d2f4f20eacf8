import { play } from '../helpers/scenario'
import type { TranscriptLine } from '../../src/sim/world'

const deliveries = (t: TranscriptLine[]) => t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')

describe('pacing a broadcast to 200 groups', () => {
  it('reaches each group exactly once, never two sends closer than minIntervalMs, within 10% of the ideal time', async () => {
    // 100 ms keeps the per-send overhead (2–3 ms) well inside the 10% allowance on a loaded machine
    const interval = 100
    const { transcript: t } = await play(`name: two-hundred
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: ${interval}, jitterMs: 0, quietHours: "", progressEvery: 50 }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
  generate: [{ count: 200, id: "city{i}@chatroom", topic: "城市群{i}", members: 2 }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 周末活动通知" }
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#确认" }
  - settle: { timeout: 90s }
`)
    const sent = deliveries(t)
    const rooms = sent.map((l) => l.room)
    expect(new Set(rooms).size).toBe(200)
    expect(rooms).toHaveLength(200)
    // every send of the account counts, HQ replies included
    const all = t.filter((l) => l.type === 'say')
    const gaps = all.slice(1).map((l, i) => l.t - all[i]!.t)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval)
    const makespan = sent.at(-1)!.t - sent[0]!.t
    const sendsInBetween = all.filter((l) => l.t >= sent[0]!.t && l.t <= sent.at(-1)!.t).length
    const ideal = (sendsInBetween - 1) * interval
    expect(makespan).toBeLessThanOrEqual(ideal * 1.1)
    const hq = t.filter((l) => l.type === 'say' && l.room === 'hq@chatroom').map((l) => l.text ?? '')
    expect(hq.filter((x) => /B1 进度：已发 \d+\/200/.test(x))).toHaveLength(3)
    expect(hq.at(-1)).toMatch(/B1 完成：送达 200\/200 个群，失败 0，不确定 0/)
  }, 90000)
})
