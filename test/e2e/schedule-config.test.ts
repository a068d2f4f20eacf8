import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { parseConfigObject } from '../../src/config/load-config'
import type { Config } from '../../src/config/schema'
import { defaultPlugins } from '../../src/plugins'
import type { PluginContext } from '../../src/plugin'
import { applySchedules } from '../../src/plugins/schedules/index'
import type { Schedules } from '../../src/plugins/schedules/schedules'
import { buildWorld } from '../../src/sim/build-world'
import { startSimBot, type SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { REDIS_URL, until } from '../helpers/scenario'
import { waitFor } from '../helpers/outbound'

const every2s = '"*/2 * * * * *"'

const configWith = (schedules: Array<{ id: string; when: string; target: string; text: string }>): Config =>
  parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    roles: { operator: ['wxid_op1'] },
    groups: {
      list: [
        { room: 'bj1@chatroom', key: 'bj1', tags: ['北京'] },
        { room: 'bj2@chatroom', key: 'bj2', tags: ['北京'] },
        { room: 'sh1@chatroom', key: 'sh1', tags: ['上海'] },
      ],
    },
    outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: '' },
    rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } },
    schedules,
  })

const texts = (t: TranscriptLine[], room: string, after = 0) =>
  t.filter((l) => l.type === 'say' && l.room === room && l.t >= after).map((l) => l.text ?? '')

describe('schedules follow the config', () => {
  const prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  let bot: SimBot | undefined
  afterAll(async () => {
    await bot?.stop()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('adds, changes and removes schedulers at start and on reload; refuses a bad entry with the usage', async () => {
    let config = configWith([
      { id: 'keep', when: every2s, target: '群:bj1', text: '不变' },
      { id: 'change', when: every2s, target: '群:bj2', text: '旧的' },
      { id: 'drop', when: every2s, target: '群:sh1', text: '要删掉' },
    ])
    const world = buildWorld({
      bot: { id: 'wxid_bot', name: '群助手' },
      contacts: [],
      rooms: [
        { id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'], admins: [], aliases: {} },
        { id: 'bj1@chatroom', topic: '北京1群', members: ['wxid_a'], admins: [], aliases: {} },
        { id: 'bj2@chatroom', topic: '北京2群', members: ['wxid_b'], admins: [], aliases: {} },
        { id: 'sh1@chatroom', topic: '上海1群', members: ['wxid_c'], admins: [], aliases: {} },
      ],
      generate: [],
    })
    let schedules: Schedules | undefined
    const plugins = defaultPlugins().map((p) => (p.name === 'schedules' ? { ...p, apply: (ctx: PluginContext) => void (schedules = applySchedules(ctx)) } : p))
    bot = await startSimBot({ world, config: () => config, redisUrl: REDIS_URL, prefix, logger: pino({ level: 'silent' }), plugins })
    const queue = bot.app.ctx.control.queue
    const schedulers = async () => new Map((await queue.getJobSchedulers()).map((s) => [s.key, s]))

    const ours = async () => [...(await schedulers()).keys()].filter((k) => k.startsWith('sched-')).sort()
    // the start made the three schedulers, and one has ticked
    await waitFor(async () => (await ours()).length === 3 && texts(world.transcript, 'sh1@chatroom').length >= 1, 20_000)
    expect([...(await schedulers()).keys()].filter((k) => k.startsWith('sched-')).sort()).toEqual([
      'sched-config-change',
      'sched-config-drop',
      'sched-config-keep',
    ])
    expect(texts(world.transcript, 'sh1@chatroom').length).toBeGreaterThanOrEqual(1)
    const upserts = jest.spyOn(queue, 'upsertJobScheduler')

    // an operator edits the file and reloads
    config = configWith([
      { id: 'keep', when: every2s, target: '群:bj1', text: '不变' },
      { id: 'change', when: '"1/2 * * * * *"', target: '群:sh1', text: '新的' },
      { id: 'add', when: every2s, target: '标签:北京', text: '新增的' },
      { id: 'bad', when: '明天早上', target: '群:bj1', text: '不会发' },
    ])
    const result = await schedules!.sync()
    const switched = world.elapsed()
    expect(result).toEqual({ added: ['add'], changed: ['change'], removed: ['drop'], refused: ['bad'] })
    const after = await schedulers()
    expect([...after.keys()].filter((k) => k.startsWith('sched-')).sort()).toEqual(['sched-config-add', 'sched-config-change', 'sched-config-keep'])
    expect(after.get('sched-config-change')?.pattern).toBe('1/2 * * * * *')
    expect(after.get('sched-config-change')?.tz).toBe('Asia/Shanghai')
    // only what changed was upserted: upserting again and again is where BullMQ's bugs live
    expect(upserts.mock.calls.map((c) => c[0]).sort()).toEqual(['sched-config-add', 'sched-config-change'])
    // a second sync with the same config changes nothing
    expect(await schedules!.sync()).toEqual({ added: [], changed: [], removed: [], refused: ['bad'] })
    expect(upserts).toHaveBeenCalledTimes(2)
    upserts.mockRestore()

    // wait for the work: each new or changed schedule delivered, and two ticks of `keep` after
    // the switch (the even seconds, when `drop` would have fired too: before the second,
    // a tick of `drop` at the first would have been delivered)
    await until(world, 'the schedules after the reload', (tr) =>
      texts(tr, 'sh1@chatroom', switched).includes('新的') &&
      texts(tr, 'bj1@chatroom', switched).includes('新增的') &&
      texts(tr, 'bj2@chatroom', switched).includes('新增的') &&
      texts(tr, 'bj1@chatroom', switched + 1000).filter((x) => x === '不变').length >= 2,
    )
    const t = [...world.transcript]
    // one tick may have been in flight at the switch
    expect(texts(t, 'sh1@chatroom', switched + 1000).filter((x) => x === '要删掉')).toEqual([])
    expect(texts(t, 'bj2@chatroom', switched + 1000).filter((x) => x === '旧的')).toEqual([])
    expect(texts(t, 'sh1@chatroom', switched).filter((x) => x === '新的').length).toBeGreaterThanOrEqual(1)
    expect(texts(t, 'bj1@chatroom', switched).filter((x) => x === '新增的').length).toBeGreaterThanOrEqual(1)
    expect(texts(t, 'bj2@chatroom', switched).filter((x) => x === '新增的').length).toBeGreaterThanOrEqual(1)
    expect(texts(t, 'bj1@chatroom', switched).filter((x) => x === '不变').length).toBeGreaterThanOrEqual(1)
    // the odd-second pattern fires between the even ones
    const changedTimes = t.filter((l) => l.room === 'sh1@chatroom' && l.text === '新的').map((l) => l.t)
    expect(changedTimes.length).toBeGreaterThanOrEqual(1)
    const refusals = texts(t, 'hq@chatroom').filter((x) => x.includes('配置里的定时 bad 无法使用'))
    expect(refusals).toHaveLength(1) // told once, not at every sync
    expect(refusals[0]).toMatch(/看不懂时间 明天早上.*用法: #定时 <时间> <目标> <内容>/)

    // without an explicit call: the next event after the config object changed brings the sync
    config = configWith([{ id: 'keep', when: every2s, target: '群:bj1', text: '不变' }])
    world.memberSay('bj1@chatroom', 'wxid_a', { kind: 'text', text: '大家好' })
    await waitFor(async () => (await ours()).length === 1, 20_000)
    expect(await ours()).toEqual(['sched-config-keep'])
  })
})
