import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { fnv1a } from '../../src/core/fnv1a'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createEntryApplications } from '../../src/store/entry-applications'
import { createEntryCodes } from '../../src/store/entry-codes'
import { createEntryDigest, DIGEST_TRACKED } from '../../src/store/entry-digest'
import { createEntrySeats, JOINED_SEAT_GRACE_MS } from '../../src/store/entry-seats'
import { createEntryStats } from '../../src/store/entry-stats'
import { createKeys, ttlMsOf } from '../../src/store/keys'
import { REDIS_URL } from '../helpers/scenario'

describe('entry gate stores on a real Redis', () => {
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

  it('a code sent by ten people at once lets exactly one in; the rest are told it was spent; an unknown code is unknown', async () => {
    const codes = createEntryCodes(redis, createKeys(prefix))
    await codes.add(['K7QM3XPA'], '标签:训练营', 'wxid_op', 1, 60_000)
    // separate connections, so the spends really race on the server
    const clients = Array.from({ length: 10 }, () => new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 }))
    try {
      const results = await Promise.all(clients.map((c, i) => createEntryCodes(c, createKeys(prefix)).spend('K7QM3XPA', `wxid_${i}`, 2)))
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, target: '标签:训练营' }])
      expect(results.filter((r) => !r.ok)).toEqual(Array(9).fill({ ok: false, why: 'spent' }))
    } finally {
      for (const c of clients) c.disconnect()
    }
    expect(await codes.spend('ZZZZ2222', 'wxid_x', 3)).toEqual({ ok: false, why: 'unknown' })
    expect(await redis.exists(createKeys(prefix).entryCode('ZZZZ2222'))).toBe(0) // refusing creates nothing
    expect(await redis.pttl(createKeys(prefix).entryCode('K7QM3XPA'))).toBeGreaterThan(0)
  })

  it('an application or profile that is not what we write reads as none, and is reported', async () => {
    const refused: string[] = []
    const keys = createKeys(prefix)
    const apps = createEntryApplications(redis, keys, (key) => refused.push(key))
    await redis.set(keys.entryApp('wxid_a'), '{"contactId":"wxid_a","status":"dancing"}')
    await redis.set(keys.entryProfile('wxid_a'), 'not json')
    expect(await apps.get('wxid_a')).toBeUndefined()
    expect(await apps.profile('wxid_a')).toBeUndefined()
    expect(refused).toEqual([keys.entryApp('wxid_a'), keys.entryProfile('wxid_a')])
    // one application at a time: open refuses a second while one is there (even an unreadable one)
    const app = { contactId: 'wxid_a', name: 'A', target: '全部', channel: 'keyword:读书会', startedAt: 1, step: 0, answers: {}, status: 'asking' as const }
    expect(await apps.open(app)).toBe(false)
    await apps.close('wxid_a')
    expect(await apps.open(app)).toBe(true)
    expect(await apps.get('wxid_a')).toEqual(app)
    expect(await redis.pttl(keys.entryApp('wxid_a'))).toBeGreaterThan(0)
  })

  it('the gate’s day counts: returned as counted, summed over days, kept 8 days; a foreign field reads as 0', async () => {
    const keys = createKeys(prefix)
    const stats = createEntryStats(redis, keys)
    expect(await stats.count('2026-11-30', 'unmatched')).toBe(1)
    expect(await stats.count('2026-11-30', 'unmatched')).toBe(2)
    await stats.count('2026-11-29', 'unmatched')
    await stats.count('2026-11-29', 'started')
    await stats.count('2026-11-30', 'joined')
    await stats.count('2026-11-30', 'timedOut')
    expect(await redis.pttl(keys.entryStats('2026-11-30'))).toBeLessThanOrEqual(ttlMsOf('entryStats'))
    expect(ttlMsOf('entryStats')).toBe(8 * 86_400_000)
    await redis.hset(keys.entryStats('2026-11-28'), 'started', 'lots')
    expect(await stats.sum(['2026-11-30'])).toEqual({ unmatched: 2, started: 0, joined: 1, timedOut: 1 })
    expect(await stats.sum(['2026-11-30', '2026-11-29', '2026-11-28', '2026-11-27'])).toEqual({ unmatched: 3, started: 1, joined: 1, timedOut: 1 })
  })

  it('profiles of many contacts are read in batches; missing ones are skipped, foreign ones reported', async () => {
    const keys = createKeys(prefix)
    const refused: string[] = []
    const apps = createEntryApplications(redis, keys, (key) => refused.push(key))
    const ids = Array.from({ length: 1200 }, (_, i) => `wxid_${i}`)
    for (const id of ['wxid_3', 'wxid_700', 'wxid_1199']) {
      await apps.putProfile({ contactId: id, name: id, target: '标签:读书会', channel: 'keyword:读书会', answers: { 城市: '北京' }, roomId: 'g1', at: 1 })
    }
    await redis.set(keys.entryProfile('wxid_800'), '{"v":2}')
    expect((await apps.profilesOf(ids)).map((p) => p.contactId)).toEqual(['wxid_3', 'wxid_700', 'wxid_1199'])
    expect(refused).toEqual([keys.entryProfile('wxid_800')])
    expect(await apps.profilesOf([])).toEqual([])
  })

  it('one group is created per route: the second newcomer waits for it and both are handed over once it exists', async () => {
    const refused: string[] = []
    const seats = createEntrySeats(redis, createKeys(prefix), (key, problem) => refused.push(`${key}: ${problem}`))
    const creation = { topic: '北京读书会3群', target: '标签:读书会', routeKey: '标签:读书会|北京', tags: ['读书会', '北京'], contactId: 'wxid_a' }
    expect(await seats.claimCreation(creation)).toBeUndefined()
    expect(await seats.claimCreation({ ...creation, topic: '北京读书会4群', contactId: 'wxid_b' })).toBe('北京读书会3群')
    await seats.wait('北京读书会3群', 'wxid_b')
    expect(await seats.created('北京读书会3群')).toEqual({ creation, waiting: ['wxid_b'] })
    expect(await seats.created('北京读书会3群')).toBeUndefined() // handed over once
    expect(await seats.claimCreation({ ...creation, topic: '北京读书会4群' })).toBeUndefined() // the route is free again
    // a creation record that is not what we write is refused (logged), not handed over
    await redis.set(createKeys(prefix).entryCreating(fnv1a('北京读书会9群').toString(36)), '{"topic":1}')
    expect(await seats.created('北京读书会9群')).toBeUndefined()
    expect(refused).toEqual([expect.stringContaining('topic')])
    expect(refused).toHaveLength(1)
  })

  describe('seats: the pick of a room and the hold of its seat in one step', () => {
    const room = (roomId: string, members: number, memberIds: string[] = []) => ({ roomId, members, memberIds: new Set(memberIds) })
    const NOW = 1_000_000
    const UNTIL = NOW + 60_000

    it('skips a group at capacity and counts the seats left after this one (the old pickRoom table)', async () => {
      const seats = createEntrySeats(redis, createKeys(prefix), () => undefined)
      expect(await seats.take('c1', [room('a', 5), room('b', 2)], 5, NOW, UNTIL)).toEqual({ kind: 'room', index: 1, freeAfter: 2 })
      expect(await seats.take('c2', [room('a', 3), room('x', 2)], 5, NOW, UNTIL)).toEqual({ kind: 'room', index: 0, freeAfter: 4 })
      expect(await seats.take('c3', [room('y', 5), room('z', 6)], 5, NOW, UNTIL)).toEqual({ kind: 'full' })
      expect(await seats.take('c4', [], 5, NOW, UNTIL)).toEqual({ kind: 'full' })
      // a seat held counts: b has 2 members and c1's seat
      expect(await seats.take('c5', [room('b', 2)], 5, NOW, UNTIL)).toEqual({ kind: 'room', index: 0, freeAfter: 1 })
      // a re-run keeps the seat it has
      expect(await seats.take('c1', [room('b', 2)], 5, NOW, UNTIL)).toEqual({ kind: 'room', index: 0, freeAfter: -1 })
      expect(await seats.take('c6', [room('b', 2)], 4, NOW, UNTIL)).toEqual({ kind: 'full' })
    })

    it('twenty applicants on twenty connections at once take exactly the seats there are', async () => {
      const clients = Array.from({ length: 20 }, () => new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 }))
      try {
        const results = await Promise.all(
          clients.map((c, i) => createEntrySeats(c, createKeys(prefix), () => undefined).take(`c${i}`, [room('g1', 4), room('g2', 5)], 6, NOW, UNTIL)),
        )
        const rooms = results.map((r) => (r.kind === 'room' ? r.index : -1))
        expect(rooms.filter((i) => i === 0)).toHaveLength(2)
        expect(rooms.filter((i) => i === 1)).toHaveLength(1)
        expect(rooms.filter((i) => i === -1)).toHaveLength(17)
      } finally {
        for (const c of clients) c.disconnect()
      }
    })

    it('a holder seen among the members counts once; one who joined after the reading still counts; a lapsed seat frees itself', async () => {
      const keys = createKeys(prefix)
      const seats = createEntrySeats(redis, keys, () => undefined)
      expect((await seats.take('c1', [room('g', 4)], 6, NOW, UNTIL)).kind).toBe('room')
      expect((await seats.take('c2', [room('g', 4)], 6, NOW, UNTIL)).kind).toBe('room')
      // c1 joined, and a reading shows them: 5 members and c2's seat
      await seats.joined('g', 'c1', NOW)
      expect(await seats.take('c3', [room('g', 5, ['c1'])], 6, NOW, UNTIL)).toEqual({ kind: 'full' })
      // a reading from before c1's join (4 members, c1 not among them) counts c1 by their seat
      expect(await seats.take('c3', [room('g', 4)], 6, NOW, UNTIL)).toEqual({ kind: 'full' })
      // past the invitation's time c2's seat is gone; c1's joined seat stays for its grace, not counted twice
      expect((await seats.take('c3', [room('g', 5, ['c1'])], 6, UNTIL + 1, UNTIL + 60_000)).kind).toBe('room')
      expect(await redis.zscore(keys.entrySeats('g'), 'c1')).toBe(String(NOW + JOINED_SEAT_GRACE_MS))
      await seats.releaseSeat('g', 'c3')
      expect(await redis.zscore(keys.entrySeats('g'), 'c3')).toBeNull()
      expect(await redis.pttl(keys.entrySeats('g'))).toBeGreaterThan(0)
    })

    it('invitations written by the version before (a set) still hold their seats until released', async () => {
      const keys = createKeys(prefix)
      const seats = createEntrySeats(redis, keys, () => undefined)
      await redis.sadd(keys.entryInvited('g'), 'old1', 'old2')
      expect(await seats.take('c1', [room('g', 4)], 6, NOW, UNTIL)).toEqual({ kind: 'full' })
      await seats.releaseSeat('g', 'old1')
      expect(await seats.take('c1', [room('g', 4)], 6, NOW, UNTIL)).toEqual({ kind: 'room', index: 0, freeAfter: 0 })
    })

    it('the line: oldest first, left by one taker; HQ hears a full target once until it is over', async () => {
      const seats = createEntrySeats(redis, createKeys(prefix), () => undefined)
      expect(await seats.enterLine('b', 20)).toBe(true)
      expect(await seats.enterLine('a', 10)).toBe(true)
      expect(await seats.enterLine('a', 30)).toBe(false)
      expect(await seats.line()).toEqual([{ contactId: 'a', at: 10 }, { contactId: 'b', at: 20 }])
      expect(await Promise.all([seats.leaveLine('a'), seats.leaveLine('a')])).toEqual([true, false])
      expect(await seats.waiting()).toBe(1)
      expect(await seats.fullOnce('标签:读书会')).toBe(true)
      expect(await seats.fullOnce('标签:读书会')).toBe(false)
      await seats.fullOver('标签:读书会')
      expect(await seats.fullOnce('标签:读书会')).toBe(true)
      const keys = createKeys(prefix)
      for (const [key, name] of [[keys.entryLine(), 'entryLine'], [keys.entryFull(fnv1a('标签:读书会').toString(36)), 'entryFull']] as const) {
        const pttl = await redis.pttl(key)
        expect(pttl).toBeGreaterThan(0)
        expect(pttl).toBeLessThanOrEqual(ttlMsOf(name))
      }
    })
  })

  it('the digest: counts per kind, a repeating stranger once, closed and read once; code tries limited', async () => {
    const keys = createKeys(prefix)
    const digest = createEntryDigest(redis, keys)
    const first = await digest.add('unmatched', 'wxid_a', 'A(wxid_a) 验证消息「你好」', 60_000)
    await digest.add('unmatched', 'wxid_a', 'A(wxid_a) 验证消息「再来」', 60_000)
    await digest.add('unmatched', 'wxid_b', 'B(wxid_b) 验证消息「」', 60_000)
    await digest.add('note', '⚠️ 满了|真的', '⚠️ 满了|真的', 60_000)
    expect(await redis.pttl(keys.entryDigest())).toBeGreaterThan(0)
    expect(await redis.pttl(keys.entryDigestOpen())).toBeGreaterThan(0)
    await digest.close(first)
    const later = await digest.add('codeRefused', 'wxid_c', 'C', 60_000)
    expect(later).not.toBe(first)
    const { content, fields } = await digest.read(first)
    expect(content.unmatched).toEqual({
      events: 3,
      people: 2,
      more: false,
      entries: [
        { key: 'wxid_a', sample: 'A(wxid_a) 验证消息「你好」', count: 2 },
        { key: 'wxid_b', sample: 'B(wxid_b) 验证消息「」', count: 1 },
      ],
    })
    expect(content.note.entries).toEqual([{ key: '⚠️ 满了|真的', sample: '⚠️ 满了|真的', count: 1 }])
    // the later digest's line is not in this one
    expect(content.codeRefused.events).toBe(0)
    await digest.drop(fields)
    expect((await digest.read(first)).fields).toEqual([])
    // the next digest has its own lines (and would have any older one never sent)
    const next = await digest.read(later)
    expect(next.content.codeRefused.entries.map((e) => e.key)).toEqual(['wxid_c'])

    const codes = createEntryCodes(redis, keys)
    const tries = []
    for (let i = 0; i < 8; i++) tries.push(await codes.attempt('wxid_g', 3, 60_000))
    expect(tries).toEqual(['try', 'try', 'try', 'refuse', 'silent', 'silent', 'silent', 'silent'])
    expect(await redis.pttl(keys.entryCodeTries('wxid_g'))).toBeGreaterThan(0)
  })

  it('the digest counts at least DIGEST_TRACKED people when more came', async () => {
    const digest = createEntryDigest(redis, createKeys(prefix))
    let id = ''
    const tx = []
    for (let i = 0; i < DIGEST_TRACKED + 5; i++) tx.push(digest.add('unmatched', `wxid_${i}`, `${i}`, 60_000).then((x) => (id = x)))
    await Promise.all(tx)
    const { content } = await digest.read(id)
    expect(content.unmatched).toMatchObject({ events: DIGEST_TRACKED + 5, people: DIGEST_TRACKED + 5, more: true })
    expect(content.unmatched.entries).toHaveLength(DIGEST_TRACKED)
  })
})
