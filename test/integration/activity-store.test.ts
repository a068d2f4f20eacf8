import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import { createActivityStore, RETAIN_DAYS } from '../../src/store/activity-store'
import { BUCKETS, bucketOf, decodeMember, encodeMember } from '../../src/store/activity-codec'
import { invitations, toGroupDays, toLinks, toMemberActivities } from '../../src/plugins/analytics/to-activity'
import { quotedName } from '../../src/plugins/analytics/quoted-name'
import { parseConfigObject } from '../../src/config/load-config'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { REDIS_URL } from '../helpers/scenario'

const DAY = 86_400_000
// 2026-03-10 12:00 in Asia/Shanghai
const T0 = Date.UTC(2026, 2, 10, 4, 0, 0)
const room = 'g1@chatroom'
const nickname = parseConfigObject({}).rules.nickname

describe('activity records in Redis', () => {
  let prefix: string
  let redis: IORedis
  let now = T0
  const make = () => createActivityStore({ redis, prefix, timeZone: () => 'Asia/Shanghai', now: () => now })

  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL)
    now = T0
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('member records live while the group is active, and those who left long ago are dropped (issue 8 item 8)', async () => {
    const store = make()
    // two members in one bucket: a leave prunes the buckets it touches
    const x = 'wxid_x'
    let y = 'wxid_y0'
    for (let i = 1; bucketOf(y) !== bucketOf(x); i++) y = `wxid_y${i}`
    await store.recordJoin(room, [x, y], '', T0)
    await store.recordMessage({ roomId: room, memberId: y, at: T0 + 1000, introduced: false, mentions: [], replyTo: [] })
    for (const key of [store.keys.meta(room), store.keys.memberBucket(room, x)]) {
      const ttl = await redis.pttl(key)
      expect(ttl).toBeGreaterThan(89 * DAY)
      expect(ttl).toBeLessThanOrEqual(90 * DAY)
    }
    expect(await store.recordLeave(room, [x], T0 + 2000)).toBe(1)
    expect(await redis.hexists(store.keys.memberBucket(room, x), x)).toBe(1) // reports still name them
    now = T0 + 41 * DAY
    expect(await store.recordLeave(room, [y], now)).toBe(1)
    expect(await redis.hexists(store.keys.memberBucket(room, x), x)).toBe(0)
    expect(await redis.hexists(store.keys.memberBucket(room, y), y)).toBe(1)
  })

  it('keeps per-day and per-member counts, joins with inviters, leaves and links', async () => {
    const store = make()
    await store.markWatched([room], T0 - 20 * DAY)
    await store.recordJoin(room, ['wxid_b', 'wxid_c'], 'wxid_a', T0 - 2 * DAY)
    await store.recordMessage({ roomId: room, memberId: 'wxid_a', at: T0 - 2 * DAY, introduced: false, mentions: ['wxid_b'], replyTo: [] })
    await store.recordMessage({ roomId: room, memberId: 'wxid_b', at: T0 - 2 * DAY + 1000, introduced: true, mentions: [], replyTo: ['wxid_a'] })
    await store.recordMessage({ roomId: room, memberId: 'wxid_b', at: T0 - DAY, introduced: false, mentions: ['wxid_a', 'wxid_c'], replyTo: [] })
    await store.recordMessage({ roomId: room, memberId: 'wxid_b', at: T0, introduced: false, mentions: [], replyTo: [] })
    await store.recordMessage({ roomId: room, memberId: 'wxid_a', at: T0 + 1000, introduced: false, mentions: [], replyTo: [] })
    expect(await store.recordLeave(room, ['wxid_c'], T0 + 2000)).toBe(1)
    expect(await store.recordLeave(room, ['wxid_c'], T0 + 3000)).toBe(0) // already gone: not counted twice

    const a = await store.read(room, '2026-03-10')
    expect(a.since).toBe(T0 - 20 * DAY)
    expect(toGroupDays(a)).toEqual([
      { day: '2026-03-08', messages: 2, activeMembers: 2, joins: 2, leaves: 0, channels: {} },
      { day: '2026-03-09', messages: 1, activeMembers: 1, joins: 0, leaves: 0, channels: {} },
      { day: '2026-03-10', messages: 2, activeMembers: 2, joins: 0, leaves: 1, channels: {} },
    ])
    const b = a.members.get('wxid_b')!
    expect(b).toMatchObject({ lastMessageAt: T0, joinedAt: T0 - 2 * DAY, introduced: true, mentioned: 1, invites: 0 })
    expect(a.members.get('wxid_a')).toMatchObject({ invites: 2, mentioned: 1, lastMessageAt: T0 + 1000 })
    expect(a.members.get('wxid_c')).toMatchObject({ leftAt: T0 + 2000, mentioned: 1 })
    expect(invitations(a).sort((x, y) => x.memberId.localeCompare(y.memberId))).toEqual([
      { memberId: 'wxid_b', inviterId: 'wxid_a' },
      { memberId: 'wxid_c', inviterId: 'wxid_a' },
    ])
    // a–b twice (mention and reply) is one pair; b–c one more
    const pairs = toLinks(a).map(({ a: x, b: y }) => [x, y].sort().join('+')).sort()
    expect(pairs).toEqual(['wxid_a+wxid_b', 'wxid_b+wxid_c'])

    const members = toMemberActivities(
      a,
      [
        { id: 'wxid_a', name: 'A', alias: '北京-阿甲-教育' },
        { id: 'wxid_b', name: 'B', alias: undefined },
        { id: 'wxid_d', name: 'D', alias: undefined },
      ],
      { today: '2026-03-10', nickname, now: T0, inviteHoldDays: 0 },
    )
    expect(members.find((m) => m.id === 'wxid_b')).toMatchObject({
      name: 'B',
      messages30d: 3,
      activeDays7: 3,
      introduced: true,
      nicknameOk: false,
      mentionedCount: 1,
      dailyMessages: { '2026-03-08': 1, '2026-03-09': 1, '2026-03-10': 1 },
    })
    expect(members.find((m) => m.id === 'wxid_a')).toMatchObject({ name: '北京-阿甲-教育', nicknameOk: true, invites: 2, messages30d: 2, activeDays7: 2 })
    // never seen: silent since the bot began watching
    expect(members.find((m) => m.id === 'wxid_d')).toMatchObject({ joinedAt: T0 - 20 * DAY, messages30d: 0, introduced: false })
    expect(members.find((m) => m.id === 'wxid_d')?.lastMessageAt).toBeUndefined()
  })

  it('stays compact: listpack buckets, integer fields and intset links, with day records that expire', async () => {
    const store = make()
    for (let i = 0; i < 500; i++) {
      const id = `wxid_member_${i}`
      await store.recordMessage({ roomId: room, memberId: id, at: T0, introduced: i % 3 === 0, mentions: i ? [`wxid_member_${i - 1}`] : [], replyTo: [] })
    }
    for (let b = 0; b < BUCKETS; b++) {
      expect(await redis.object('ENCODING', store.keys.bucket(room, b))).toBe('listpack')
      expect(await redis.hlen(store.keys.bucket(room, b))).toBeLessThan(128)
    }
    expect(await redis.object('ENCODING', store.keys.links(room, '2026-03-10'))).toBe('intset')
    const ttl = await redis.ttl(store.keys.day(room, '2026-03-10'))
    // kept RETAIN_DAYS after the day ends: today ends in 12 hours
    expect(ttl).toBeGreaterThan(RETAIN_DAYS * 86400)
    expect(ttl).toBeLessThanOrEqual(RETAIN_DAYS * 86400 + 12 * 3600)
    // the same moment of expiry (absolute, so two reads a second boundary apart still agree)
    expect(await redis.call('EXPIRETIME', store.keys.links(room, '2026-03-10'))).toBe(await redis.call('EXPIRETIME', store.keys.day(room, '2026-03-10')))
    // members are kept while the group is active (issue 8: no key without a TTL)
    expect(await redis.ttl(store.keys.bucket(room, 0))).toBeGreaterThan(89 * 86400)
    const read = await store.read(room, '2026-03-10')
    expect(read.members.size).toBe(500)
    expect(new Set([...read.members.values()].map((m) => m.idx)).size).toBe(500)
    expect(read.links).toHaveLength(499)
  })

  it('drops the records of members who left long ago', async () => {
    const store = make()
    await store.recordJoin(room, ['wxid_x', 'wxid_y'], '', T0 - 100 * DAY)
    await store.recordLeave(room, ['wxid_x'], T0 - 95 * DAY)
    await store.recordLeave(room, ['wxid_y'], T0 - 5 * DAY)
    const before = await store.read(room, '2026-03-10')
    expect(await store.pruneLeft(room, before, T0 - 90 * DAY)).toBe(1)
    const after = await store.read(room, '2026-03-10')
    expect([...after.members.keys()]).toEqual(['wxid_y'])
  })
})

describe('record codec and quote-replies', () => {
  it('round-trips a member record and spreads ids over the buckets', () => {
    const r = { idx: 42, lastMessageAt: T0, joinedAt: T0 - DAY, inviterIdx: 7, invites: 3, mentioned: 12, introduced: true, leftAt: T0 + DAY }
    expect(decodeMember(encodeMember(r))).toEqual(r)
    expect(encodeMember({ idx: 1, invites: 0, mentioned: 0, introduced: false })).toBe('1')
    expect(encodeMember(r).length).toBeLessThan(64) // a listpack value stays small
    const counts = new Array(BUCKETS).fill(0)
    for (let i = 0; i < 500; i++) counts[bucketOf(`wxid_${randomBytes(6).toString('hex')}`)]++
    expect(Math.max(...counts)).toBeLessThan(128)
  })

  it.each([
    ['「张三：周六几点开始？」\n- - - - - - - - - - - - - - -\n十点', '张三'],
    ['「北京-李四-教育: 有人吗」\n - - - - - - - - - - - - - - -\n我在', '北京-李四-教育'],
    ['「张三：多行\n引用」\n- - - - - - - - - - - - - - -\n好的', '张三'],
    ['张三：周六几点开始？', undefined],
    ['「只是引号」里的话', undefined],
  ])('quotedName(%j) = %j', (text, name) => {
    expect(quotedName(text)).toBe(name)
  })
})
