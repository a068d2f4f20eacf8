import { ScenarioError } from '../../src/sim/load-scenario'
import type { WorldEvent } from '../../src/sim/world'
import { play } from '../helpers/scenario'

/**
 * `together:` emits several events in one pass, none waiting for another, so a scenario
 * can put a burst of messages (and joins, leaves …) in flight at once.
 */
const scenario = (together: string) => `name: together
config:
  hq: { rooms: [hq@chatroom] }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  rules: { ads: { warnings: 0, blacklist: false }, welcome: { batchMs: 200 } }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
  generate: [{ count: 3, id: "g{i}@chatroom", topic: "城市群{i}", members: 2 }]
steps:
  - together:
${together}
  - settle: { timeout: 30s }
`

describe('together', () => {
  it('emits every event before the bot has done anything, and the bot handles each', async () => {
    const events: WorldEvent[] = []
    const { transcript: t } = await play(
      scenario(`      - say: { room: g1@chatroom, from: wxid_g1_m1, text: "加微信领券 https://x.example/a" }
      - say: { room: g2@chatroom, from: wxid_g2_m1, text: "加微信领券 https://x.example/b" }
      - join: { room: g3@chatroom, contacts: [wxid_new] }
      - say: { room: g3@chatroom, from: wxid_g3_m2, text: "加微信领券 https://x.example/c" }
      - leave: { room: g1@chatroom, contacts: [wxid_g1_m2] }`),
      { onEvent: (e) => events.push(e) },
    )
    // the five come one after another, no bot action between
    const kinds = events.map((e) => e.type)
    expect(kinds.slice(0, kinds.indexOf('action'))).toEqual(['message', 'message', 'join', 'message', 'leave'])
    expect(t.filter((l) => l.type === 'remove').map((l) => l.contact).sort()).toEqual(['wxid_g1_m1', 'wxid_g2_m1', 'wxid_g3_m2'])
  })

  it('a step inside it that cannot be played is named by its place in the list', async () => {
    const err = await play(
      scenario(`      - say: { room: g1@chatroom, from: wxid_g1_m1, text: 你好 }
      - say: { room: g1@chatroom, from: wxid_g2_m1, text: 你好 }`),
    ).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ScenarioError)
    expect((err as ScenarioError).message).toBe('steps[0].together[1].say: wxid_g2_m1 is not a member of g1@chatroom')
  })
})
