import { play, textIn } from '../helpers/scenario'

/**
 * The production path: the simulated WeChat served through wechaty-puppet-service's
 * PuppetServer on loopback, and the bot connected with WECHATY_PUPPET=wechaty-puppet-service,
 * exactly as a real account connects through a provider's gateway.
 */
describe('through wechaty-puppet-service', () => {
  it('receives HQ commands, broadcasts, relays a question and forwards a link card over gRPC', async () => {
    const { transcript: t } = await play(
      `name: service
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 80, jitterMs: 0, quietHours: "" }
  questions: { batchMs: 200 }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a], aliases: { wxid_a: 北京-张三-教育 } }
    - { id: g2@chatroom, topic: 北京2群, members: [wxid_b] }
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 大家好" }
  - settle: { timeout: 15s }
  - say: { room: g1@chatroom, from: wxid_a, text: "几点开始", mentions: [wxid_bot] }
  - settle: { timeout: 15s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#回复 Q1 八点" }
  - say: { room: hq@chatroom, from: wxid_op1, url: { title: 海报, url: "https://mp.weixin.qq.com/s/x" } }
  - settle: { timeout: 15s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#转发 群:北京2群" }
  - settle: { timeout: 15s }
`,
      { mode: 'service' },
    )
    expect(textIn(t, 'g1@chatroom')).toEqual(['大家好', '@北京-张三-教育 八点'])
    expect(textIn(t, 'g2@chatroom')).toEqual(['大家好'])
    expect(t.filter((l) => l.room === 'g2@chatroom' && l.type === 'send').map((l) => [l.kind, l.name])).toEqual([['url', '海报']])
    const hq = textIn(t, 'hq@chatroom')
    expect(hq.some((x) => /Q1 \[北京1群\] 北京-张三-教育: 几点开始/.test(x))).toBe(true)
    expect(hq.some((x) => /B1 完成：送达 2\/2/.test(x))).toBe(true)
    expect(hq.some((x) => /B2 完成：送达 1\/1/.test(x))).toBe(true)
  })
})
