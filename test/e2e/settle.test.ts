import { SettleTimeoutError } from '../../src/sim/settle'
import { play } from '../helpers/scenario'

const scenario = (settle: string) => `name: settle
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 1000 }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 100, jitterMs: 0, quietHours: "" }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
  generate: [{ count: 10, id: "g{i}@chatroom", topic: "城市群{i}", members: 1 }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 通知" }
  - settle: { timeout: ${settle} }
`

describe('settle', () => {
  it('fails the run, naming the step and what is still pending, when the work outlasts its timeout', async () => {
    // ten deliveries at least 100 ms apart take at least 0.9 s: a 300 ms settle cannot see them done
    const err = await play(scenario('300ms')).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(SettleTimeoutError)
    const timeout = err as SettleTimeoutError
    // where the work is at 300 ms depends on the machine (at load 34 the command was still in
    // transit): the error names the step and a place with work in it
    expect(timeout.message).toMatch(/^steps\[1\]\.settle: still busy after 300 ms \(.*(in transit|handlers|out-sim|ctl): [1-9]/)
    expect(Object.values(timeout.pending).some((n) => n > 0)).toBe(true)
  })

  it('returns once the same work is done when given the time it takes', async () => {
    const { transcript: t } = await play(scenario('30s'))
    expect(t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')).toHaveLength(10)
  })
})
