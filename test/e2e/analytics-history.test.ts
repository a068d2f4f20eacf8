import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { parseConfigObject } from '../../src/config/load-config'
import { buildWorld } from '../../src/sim/build-world'
import { startSimBot, type SimBot } from '../../src/sim/sim-bot'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { REDIS_URL } from '../helpers/scenario'

const DAY = 86_400_000
/** 2026-03-01 10:00 in Asia/Shanghai: day 0 of the script */
const DAY0 = Date.UTC(2026, 2, 1, 2, 0, 0)
const G = 'g1@chatroom'
const HQ = 'hq@chatroom'

const config = parseConfigObject({
  hq: { rooms: [HQ] },
  roles: { operator: ['wxid_op'], viewer: ['wxid_view'] },
  groups: { list: [{ room: G, key: 'bj1', tags: ['北京'], leaders: ['wxid_l'] }] },
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: '' },
  rules: { welcome: { enabled: false }, intro: { enabled: false }, nickname: { graceMs: 3_600_000_000 } },
  questions: { enabled: false },
  analytics: { report: '' },
})

/**
 * The whole bot on a simulated world whose clock the test moves: the records see the
 * days of a scripted history pass in a few seconds.
 */
async function startAt(start: number) {
  let offset = start - Date.now()
  const now = () => Date.now() + offset
  const world = buildWorld(
    {
      bot: { id: 'wxid_bot', name: '群助手' },
      contacts: [],
      rooms: [
        { id: HQ, topic: '运营总部', members: ['wxid_op', 'wxid_view'], admins: [], aliases: {} },
        {
          id: G,
          topic: '北京1群',
          members: ['wxid_a', 'wxid_b', 'wxid_c', 'wxid_d', 'wxid_e', 'wxid_l'],
          admins: [],
          aliases: { wxid_a: '北京-阿甲-教育', wxid_b: '北京-阿乙-金融', wxid_d: '北京-阿丁-医疗', wxid_l: '北京-老李-运营' },
        },
      ],
      generate: [],
    },
    now,
  )
  const prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  const bot = await startSimBot({ world, config: () => config, redisUrl: REDIS_URL, prefix, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }), now })
  return {
    world,
    bot,
    prefix,
    /** moves the world's and the bot's clock to `day` days after day 0, at `hour`:`minute` */
    at(day: number, hour = 10, minute = 0) {
      offset = DAY0 + day * DAY + (hour - 10) * 3_600_000 + minute * 60_000 - Date.now()
    },
    say(from: string, text: string, mentions: string[] = []) {
      world.memberSay(G, from, { kind: 'text', text }, mentions)
    },
    settle: () => bot.settled(10_000),
  }
}

const hqTexts = (t: TranscriptLine[]) => t.filter((l) => l.type === 'say' && l.room === HQ).map((l) => l.text ?? '')

describe('analytics over a scripted group history', () => {
  let run: Awaited<ReturnType<typeof startAt>> | undefined
  afterEach(async () => {
    await run?.bot.stop()
    if (run) await deleteKeysWithPrefix(REDIS_URL, run.prefix)
    run = undefined
  })

  /** Two weeks in 北京1群. Day 13 is "today". */
  async function twoWeeks(): Promise<{ world: SimWorld; bot: SimBot; r: NonNullable<typeof run> }> {
    const r = (run = await startAt(DAY0))
    for (let day = 0; day <= 6; day++) {
      r.at(day)
      r.say('wxid_a', day === 0 ? '大家好我是阿甲，在北京做了十年教育，很高兴认识大家' : `早上好 第${day}天`)
      r.say('wxid_a', '今天也加油')
      r.say('wxid_b', '早')
      if (day === 1) r.say('wxid_e', '路过')
      await r.settle()
    }
    for (let day = 7; day <= 13; day++) {
      r.at(day)
      r.say('wxid_a', '早上好')
      if (day === 7) r.say('wxid_b', '补个介绍：我是阿乙，在北京做金融，喜欢读书和跑步')
      if (day === 9) r.say('wxid_b', '早')
      if (day === 11) r.say('wxid_b', '周末一起爬山', ['wxid_a', 'wxid_c', 'wxid_d'])
      if (day === 8) {
        r.world.memberJoin(G, ['wxid_f'], 'wxid_a')
        await r.settle()
        r.say('wxid_f', '大家好，我是阿甲介绍来的小f，做设计的，请多关照')
      }
      if (day === 10) r.world.memberLeave(G, ['wxid_e']) // leaves by themselves: WeChat says nothing
      if (day === 12) r.say('wxid_d', '收到')
      if (day === 13) r.say('wxid_c', '我也去', ['wxid_a'])
      await r.settle()
    }
    return { world: r.world, bot: r.bot, r }
  }

  it('#报告 and #积分榜 show the numbers of the history', async () => {
    const { world, r } = await twoWeeks()
    r.at(13, 20)
    r.world.memberSay(HQ, 'wxid_view', { kind: 'text', text: '#报告 群:bj1' })
    await r.settle()
    r.world.memberSay(HQ, 'wxid_view', { kind: 'text', text: '#积分榜' })
    await r.settle()
    const [report, board] = hqTexts(world.transcript).slice(-2)
    expect(report!.split('\n')).toEqual([
      '📊 群报告 · 北京1群 (2026-03-14)',
      '状态: 🟡 降温',
      '· 本周消息 13 条，上周 22 条 (↓41%)',
      // a, f, b, c and d spoke; 老李 (leader) never; e left
      '成员 6 · 发言: 24小时 2 / 7天 5 / 30天 5',
      // f joined; e left without an event and was noticed at report time
      '7天 进群 +1 / 退群 -1',
      '本周消息 13 (较上周 ↓41%) · 日均发言 1.9 人 (↓13%)',
      // a, b, f introduced themselves; c and f have no nickname in the format (the leader is exempt)
      '自我介绍 60% · 昵称合规 60%',
      // a–b, b–c, b–d (b's mentions), a–c (c's): 4 of 15 pairs, b in 3 of them
      '互动 4 对 · 连接密度 27% · 北京-阿乙-金融 占 75%',
      '分层: 核心 1 / 中间 4 / 外围 1 · 潜水≥14天 0 人',
      // b: active on 3 days this week, linked with 3, introduced, nickname in format
      '候选负责人: 北京-阿乙-金融(与3人互动)',
      // f, invited by a, joined this week and stayed past the 3 days' hold
      '7天进群渠道: 成员邀请 1',
      '邀请之星: 北京-阿甲-教育(留下1人)',
    ])
    expect(board!.split('\n')).toEqual([
      '🏆 积分榜 · 北京1群',
      // 21 messages, intro, one invite (f), @-mentioned twice
      '1. 北京-阿甲-教育 40分 (发言21 介绍5 邀请10 被@4)',
      '2. 北京-阿乙-金融 15分 (发言10 介绍5)',
      '3. f 6分 (发言1 介绍5)',
      // a tie shares the rank; the zh-CN collator puts Han before Latin
      '4. 北京-阿丁-医疗 3分 (发言1 被@2)',
      '4. c 3分 (发言1 被@2)',
    ])
  })

  it('#潜水 lists the silent; removal waits for #确认, tells each group first, and spares who spoke since', async () => {
    const { world, r } = await twoWeeks()
    r.at(30)
    r.say('wxid_a', '还有人吗')
    await r.settle()
    // the lists are asked two hours after the day's messages: a day count stays whole however
    // long a loaded machine took to record the earlier messages (ms past their minute)
    r.at(30, 12)
    r.world.memberSay(HQ, 'wxid_view', { kind: 'text', text: '#潜水 群:bj1' })
    await r.settle()
    r.world.memberSay(HQ, 'wxid_op', { kind: 'text', text: '#潜水 群:bj1 14天' })
    await r.settle()
    const hq = hqTexts(world.transcript)
    const list = hq.at(-2)!
    expect(list.split('\n')).toEqual([
      '🤿 潜水 ≥14 天',
      '北京1群: 4 人 (共 6 人)',
      '· f 22 天未发言',
      '· 北京-阿乙-金融 19 天未发言',
      '· 北京-阿丁-医疗 18 天未发言',
      '· c 17 天未发言',
    ])
    expect(hq.at(-3)).toBe(list) // the viewer got the same list, and no plan
    expect(hq.at(-1)).toMatch(/^🧹 B1: 确认后先在 1 个群发通知，再移出以上 4 名潜水成员.*\n回复 #确认 B1 执行，#取消 B1 放弃/s)
    expect(hq.filter((x) => x.includes('🧹')).length).toBe(1)

    // nothing happens without a yes; meanwhile d speaks up
    r.at(30, 12, 30)
    r.say('wxid_d', '我还在')
    await r.settle()
    expect(world.transcript.filter((l) => l.type === 'remove')).toHaveLength(0)
    expect(world.transcript.filter((l) => l.type === 'say' && l.room === G && /将被移出/.test(l.text ?? ''))).toHaveLength(0)

    r.at(30, 12, 31)
    r.world.memberSay(HQ, 'wxid_op', { kind: 'text', text: '#确认 B1' })
    await r.settle()
    const t = world.transcript
    const notice = t.find((l) => l.type === 'say' && l.room === G && /将被移出本群/.test(l.text ?? ''))!
    expect(notice.text).toBe('📢 按群规，以下成员已超过 14 天没有发言，将被移出本群：f、北京-阿乙-金融、北京-阿丁-医疗、c。感谢陪伴，欢迎以后再来交流。')
    const removals = t.filter((l) => l.type === 'remove')
    expect(removals.map((l) => l.contact).sort()).toEqual(['wxid_b', 'wxid_c', 'wxid_f'])
    expect(removals.every((l) => l.ok === true && l.t > notice.t)).toBe(true)
    expect([...world.room(G).members.keys()].sort()).toEqual(['wxid_a', 'wxid_bot', 'wxid_d', 'wxid_l'])
    expect(hqTexts(t).at(-1)).toBe('🧹 B1 潜水清理完成：移出 3 人，保留 1 人（通知后发过言或已离开）。')
  })

  it('#取消 of a removal plan removes nobody and tells no group', async () => {
    const { world, r } = await twoWeeks()
    r.at(30)
    r.world.memberSay(HQ, 'wxid_op', { kind: 'text', text: '#潜水' })
    await r.settle()
    r.world.memberSay(HQ, 'wxid_op', { kind: 'text', text: '#取消 B1' })
    await r.settle()
    r.world.memberSay(HQ, 'wxid_op', { kind: 'text', text: '#确认 B1' })
    await r.settle()
    const t = world.transcript
    expect(hqTexts(t).slice(-2)).toEqual(['🛑 B1 已取消，没有发送。', 'B1 不在等待确认（当前: cancelled）。'])
    expect(t.filter((l) => l.type === 'remove')).toHaveLength(0)
    expect(t.filter((l) => l.type === 'say' && l.room === G && /移出/.test(l.text ?? ''))).toHaveLength(0)
  })
})
