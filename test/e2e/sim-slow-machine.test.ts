import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import pino from 'pino'
import { runDemo } from '../../src/sim/demo'
import { play } from '../helpers/scenario'
import { privateRedis } from '../helpers/private-redis'
import { waitFor } from '../helpers/outbound'

/**
 * The demo (`npm start` without a puppet) once exited 1 under load: its script has the
 * bot invite a newcomer (the entry gate), gives that 4 s (a short `settle`, so reminders
 * due later do not fire first), then has her change her group nickname and speak in the
 * group. On a slow machine the invitation was not out yet: the step threw "wxid_new3 is not
 * a member of sh1@chatroom", and the run, the demo and the process ended with a stack trace.
 */

const gate = `config:
  hq: { rooms: [hq@chatroom] }
  outbound: { minIntervalMs: 300, jitterMs: 0, quietHours: "" }
  groups:
    list: [{ room: sh1@chatroom, key: sh1, tags: [上海, 读书会] }]
  entry:
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    forms:
      - target: "标签:读书会"
        nickname: "{城市}-{称呼}"
        questions:
          - { id: 城市, ask: 你在哪个城市？, choices: [上海], route: true }
          - { id: 称呼, ask: 怎么称呼你？ }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: sh1@chatroom, topic: 上海读书会1群, members: [wxid_zhao] }
`

describe('a scenario on a slow machine', () => {
  it('a step that builds on the bot\'s work waits for the work in hand, not for the clock', async () => {
    // no settle at all between her last answer and her first words in the group: as if the
    // machine were slow enough to use up any settle the script gave
    const { transcript: t } = await play(`name: slow-invite
${gate}steps:
  - friend: { from: wxid_new3, hello: 我想加入读书会 }
  - settle: { timeout: 20s }
  - say: { from: wxid_new3, text: 上海 }
  - settle: { timeout: 20s }
  - say: { from: wxid_new3, text: 王小丫 }
  - alias: { room: sh1@chatroom, contact: wxid_new3, name: 上海-王小丫 }
  - say: { room: sh1@chatroom, from: wxid_new3, text: "大家好，我是王小丫" }
  - settle: { timeout: 20s }
`)
    expect(t.some((l) => l.type === 'invite' && l.room === 'sh1@chatroom' && l.contact === 'wxid_new3')).toBe(true)
  })

  it('the demo notes a step it cannot play in one line and plays on to the end', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', ''])
    const dir = mkdtempSync(join(tmpdir(), 'qunhq-demo-'))
    const out = new PassThrough()
    let text = ''
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    const stop = new AbortController()
    try {
      writeFileSync(join(dir, 'config.yaml'), 'hq: { rooms: [hq@chatroom] }\nroles: { admin: [wxid_boss] }\noutbound: { minIntervalMs: 100, jitterMs: 0, quietHours: "" }\n')
      // wxid_x never joins g1: the step can never be played, whatever the machine
      writeFileSync(
        join(dir, 'demo.yaml'),
        `name: demo-test
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_boss] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_u1] }
steps:
  - say: { room: g1@chatroom, from: wxid_x, text: 你好 }
  - say: { room: hq@chatroom, from: wxid_boss, text: "#群列表" }
  - settle: { timeout: 20s }
`,
      )
      const done = runDemo({
        redisUrl: redis.url,
        logger: pino({ level: 'silent' }),
        scenarioPath: join(dir, 'demo.yaml'),
        configPath: join(dir, 'config.yaml'),
        out,
        color: false,
        signal: stop.signal,
      })
      const ended = done.then(
        () => 'resolved',
        (err: Error) => `rejected: ${err.message}`,
      )
      await waitFor(async () => text.includes('演示脚本已播完') || (await Promise.race([ended, Promise.resolve('')])) !== '', 90_000)
      stop.abort()
      expect(await ended).toBe('resolved')
      const note = text.split('\n').filter((l) => l.includes('steps[0].say'))
      expect(note).toEqual(['（演示脚本 steps[0].say: wxid_x is not a member of g1@chatroom；跳过这一步，继续播放）'])
      // and the steps after it were played
      expect(text).toMatch(/管理中的群/)
    } finally {
      stop.abort()
      rmSync(dir, { recursive: true, force: true })
      await redis.stop()
    }
  })
})
