import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { rulesSchema } from '../../src/config/schema'
import { welcomeForMentions } from '../../src/plugins/rules/welcome'
import { createAuditLog } from '../../src/store/audit-log'
import { createBlacklist } from '../../src/store/blacklist'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createMemberRecords } from '../../src/store/member-records'
import { createStrikes } from '../../src/store/strikes'
import { REDIS_URL } from '../helpers/scenario'
import type { OnBadValue } from '../../src/store/stored-json'

/** what these tests wrote always reads back: a refusal here is a bug in the store */
const unexpected: OnBadValue = (key, problem) => {
  throw new Error(`refused ${key}: ${problem}`)
}

describe('rules stores on a real Redis', () => {
  let prefix: string
  let redis: Redis
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('strikes: spam per member across groups, nickname per room; dry-run counts apart; everything expires', async () => {
    const s = createStrikes(redis, prefix)
    expect(await s.spam('wxid_a')).toBe(0)
    await s.setSpam('wxid_a', 1)
    expect(await s.addSpam('wxid_a')).toBe(2)
    expect(await s.spam('wxid_a', true)).toBe(0)
    await s.setSpam('wxid_a', 5, true)
    expect([await s.spam('wxid_a'), await s.spam('wxid_a', true)]).toEqual([2, 5])
    expect(await s.addNickname('g1@chatroom', 'wxid_a')).toBe(1)
    expect(await s.addNickname('g1@chatroom', 'wxid_a')).toBe(2)
    expect(await s.nickname('g2@chatroom', 'wxid_a')).toBe(0)
    await s.addNickname('g1@chatroom', 'wxid_a', true)
    await s.clearNickname('g1@chatroom', 'wxid_a')
    expect([await s.nickname('g1@chatroom', 'wxid_a'), await s.nickname('g1@chatroom', 'wxid_a', true)]).toEqual([0, 0])
    for (const key of await redis.keys(`${prefix}:*`)) expect(await redis.ttl(key)).toBeGreaterThan(0)
  })

  it('blacklist: the first entry is kept, listed oldest first, and taking someone off returns their entry', async () => {
    const b = createBlacklist(redis, prefix, unexpected)
    expect(await b.add({ id: 'wxid_b', name: '乙', reason: '发广告（链接）', by: 'rules', at: 200, roomId: 'g1@chatroom', evidence: '链接 https://x.example' })).toBe(true)
    expect(await b.add({ id: 'wxid_a', name: '甲', reason: '骚扰', by: 'wxid_op1', at: 100 })).toBe(true)
    expect(await b.add({ id: 'wxid_b', name: '乙2', reason: '别的', by: 'wxid_op1', at: 300 })).toBe(false)
    expect((await b.list()).map((e) => [e.id, e.name, e.reason])).toEqual([
      ['wxid_a', '甲', '骚扰'],
      ['wxid_b', '乙', '发广告（链接）'],
    ])
    expect(await b.has('wxid_b')).toBe(true)
    expect(await b.remove('wxid_b')).toMatchObject({ id: 'wxid_b', evidence: '链接 https://x.example' })
    expect(await b.remove('wxid_b')).toBeUndefined()
    expect(await b.has('wxid_b')).toBe(false)
  })

  it('audit log: newest first, with who, what and why', async () => {
    const log = createAuditLog(redis, prefix, unexpected)
    await log.record({ at: 1, action: 'warn', roomId: 'g1@chatroom', memberId: 'wxid_a', by: 'rules', why: '发广告（链接）' })
    await log.record({ at: 2, action: 'remove', roomId: 'g1@chatroom', memberId: 'wxid_a', by: 'wxid_lead', why: '', dryRun: false })
    expect((await log.recent(10)).map((e) => [e.at, e.action, e.by])).toEqual([
      [2, 'remove', 'wxid_lead'],
      [1, 'warn', 'rules'],
    ])
    expect(await log.recent(1)).toHaveLength(1)
  })

  it('member records: joins, introductions (also one seen a moment before its join), rejoins, intro status for reports', async () => {
    const r = createMemberRecords(redis, prefix, unexpected)
    await r.joined('g1@chatroom', 'wxid_a', 1000, 'wxid_host')
    expect(await r.get('g1@chatroom', 'wxid_a')).toEqual({ joinedAt: 1000, inviterId: 'wxid_host' })
    expect(await r.markIntroduced('g1@chatroom', 'wxid_a', 1500)).toBe(true)
    expect(await r.markIntroduced('g1@chatroom', 'wxid_a', 1600)).toBe(false) // the first one counts
    // an established member (no join record) leaves no record behind
    expect(await r.markIntroduced('g1@chatroom', 'wxid_old', 1500)).toBe(false)
    expect(await redis.exists(`${prefix}:member:g1@chatroom:wxid_old`)).toBe(0)
    // the message handler ran before the join's: the join picks the introduction up
    expect(await r.markIntroduced('g1@chatroom', 'wxid_b', 2050)).toBe(false)
    await r.joined('g1@chatroom', 'wxid_b', 2000, undefined)
    expect(await r.get('g1@chatroom', 'wxid_b')).toEqual({ joinedAt: 2000, introducedAt: 2050 })
    await r.joined('g1@chatroom', 'wxid_c', 3000, undefined)
    await r.markIntroMissed('g1@chatroom', 'wxid_c', 4000)
    expect(await r.introStatus('g1@chatroom')).toEqual([
      { memberId: 'wxid_a', joinedAt: 1000, introducedAt: 1500 },
      { memberId: 'wxid_b', joinedAt: 2000, introducedAt: 2050 },
      { memberId: 'wxid_c', joinedAt: 3000, introMissedAt: 4000 },
    ])
    // a rejoin starts over: a new deadline, no introduction yet
    await r.joined('g1@chatroom', 'wxid_a', 9000, 'wxid_x')
    expect(await r.get('g1@chatroom', 'wxid_a')).toEqual({ joinedAt: 9000, inviterId: 'wxid_x' })
    expect(await redis.pttl(`${prefix}:member:g1@chatroom:wxid_a`)).toBeGreaterThan(0)
  })

  it('member records: recent message times, where a message was repeated, and the nickname sweep’s pending set', async () => {
    const r = createMemberRecords(redis, prefix, unexpected)
    expect(await r.recordMessage('g1@chatroom', 'wxid_a', 10, 5000)).toEqual([10])
    expect(await r.recordMessage('g1@chatroom', 'wxid_a', 20, 5000)).toEqual([20, 10])
    expect(await r.recordMessage('g2@chatroom', 'wxid_a', 30, 5000)).toEqual([30])
    expect(await redis.pttl(`${prefix}:recent:g1@chatroom:wxid_a`)).toBeGreaterThan(0)
    await r.recordRepeat('wxid_a', 'text:今晚八点直播', 'g1@chatroom', 100, 60000)
    const history = await r.recordRepeat('wxid_a', 'text:今晚八点直播', 'g2@chatroom', 200, 60000)
    expect(history).toEqual([
      { roomId: 'g2@chatroom', at: 200 },
      { roomId: 'g1@chatroom', at: 100 },
    ])
    expect(await r.recordRepeat('wxid_a', 'text:别的内容别的内容', 'g3@chatroom', 300, 60000)).toEqual([{ roomId: 'g3@chatroom', at: 300 }])
    await r.addNicknamePending('g1@chatroom', 'wxid_b')
    await r.addNicknamePending('g1@chatroom', 'wxid_a')
    expect(await r.nicknamePending('g1@chatroom')).toEqual(['wxid_a', 'wxid_b'])
    await r.removeNicknamePending('g1@chatroom', 'wxid_a')
    expect(await r.nicknamePending('g1@chatroom')).toEqual(['wxid_b'])
  })
})

describe('welcomeForMentions', () => {
  const welcome = (text?: string) => rulesSchema.parse({ welcome: text === undefined ? {} : { text } }).welcome
  const vars = { groupName: '北京1群', nicknameExample: '北京-张三-教育' }

  it.each([
    [undefined, '欢迎加入 北京1群！请把群昵称改为「北京-张三-教育」，并在24小时内做个自我介绍。'],
    ['{成员}，欢迎来到{群名}', '欢迎来到北京1群'],
    ['欢迎{成员}：请改昵称为{昵称示例}', '欢迎请改昵称为北京-张三-教育'],
    ['欢迎新朋友来到{群名}', '欢迎新朋友来到北京1群'],
  ])('%s → %s (the names come from the @-mentions WeChat puts in front)', (text, expected) => {
    expect(welcomeForMentions(welcome(text), vars)).toBe(expected)
  })
})
