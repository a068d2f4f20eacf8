import { createHash, randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { createBroadcastStore } from '../../src/store/broadcast-store'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createConsoleAuth } from '../../src/store/console-auth'
import { createGroupRegistry } from '../../src/store/group-registry'
import { createKeys, KEY_LIFETIMES, lifetimeOf, type Keys } from '../../src/store/keys'
import type { Question } from '../../src/store/questions'
import type { RemovalRecord } from '../../src/store/removal-records'
import type { ScheduleRecord } from '../../src/store/schedule-store'
import { logRefused } from '../../src/store/stored-json'
import { createStores, type Stores } from '../../src/store/stores'
import { capturedLogger } from '../helpers/private-redis'
import { REDIS_URL } from '../helpers/scenario'

/**
 * The repositories features get as `ctx.stores`, on a real Redis under the test's own
 * prefix: what goes in comes out typed, every key carries the lifetime KEY_LIFETIMES gives
 * it, and a stored value that is not what we write (cut, hand-edited, another version's)
 * is refused cleanly: read as missing, logged with its key, never thrown or passed on.
 */
describe('feature repositories on a real Redis', () => {
  let prefix: string
  let redis: Redis
  let keys: Keys
  let stores: Stores
  let lines: ReturnType<typeof capturedLogger>['lines']
  let logger: ReturnType<typeof capturedLogger>['logger']
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
    keys = createKeys(prefix)
    const captured = capturedLogger()
    lines = captured.lines
    logger = captured.logger
    stores = createStores({ redis, keys, logger: captured.logger, timeZone: () => 'Asia/Shanghai', now: Date.now })
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  /** the keys refused so far, as the store's warnings name them */
  const refused = () => lines.filter((l) => /stored value refused/.test(String(l.msg))).map((l) => String(l.key))

  /** every key written has the TTL its registry entry fixes, or at least some TTL when the entry says it depends */
  async function expectLifetimes(): Promise<void> {
    const written = await redis.keys(`${prefix}:*`)
    expect(written.length).toBeGreaterThan(0)
    for (const key of written) {
      const [name, entry] = lifetimeOf(prefix, key) ?? []
      expect([key, name]).toEqual([key, expect.any(String)])
      const pttl = await redis.pttl(key)
      if (entry && 'ttlMs' in entry) {
        expect(pttl).toBeGreaterThan(entry.ttlMs - 60_000)
        expect(pttl).toBeLessThanOrEqual(entry.ttlMs)
      } else if (entry && 'ttl' in entry) expect(pttl).toBeGreaterThan(0)
    }
  }

  it('hq-last: what #转发 forwards, kept a week; a value that is not JSON reads as nothing', async () => {
    expect(await stores.hqLast.get('wxid_op')).toBeUndefined()
    await stores.hqLast.remember('wxid_op', { messageId: 'm1', description: '今晚八点开会' })
    expect(await stores.hqLast.get('wxid_op')).toEqual({ messageId: 'm1', description: '今晚八点开会' })
    await expectLifetimes()

    await redis.set(keys.hqLast('wxid_op'), '{"messageId":"m1","descr')
    expect(await stores.hqLast.get('wxid_op')).toBeUndefined()
    await redis.set(keys.hqLast('wxid_op2'), JSON.stringify({ messageId: 7 }))
    expect(await stores.hqLast.get('wxid_op2')).toBeUndefined()
    expect(refused()).toEqual([keys.hqLast('wxid_op'), keys.hqLast('wxid_op2')])
  })

  it('questions: ids in sequence, a batch taken once in order; a bad item is left out and the rest still go', async () => {
    const q = (id: string, text: string): Question => ({ id, roomId: 'g1@chatroom', group: '北京1群', fromId: 'wxid_a', name: '张三', text, at: 1 })
    const [a, b] = [await stores.questions.nextId(), await stores.questions.nextId()]
    expect([a, b]).toEqual(['Q1', 'Q2'])
    await stores.questions.add(q(a, '几点开始？'))
    await redis.rpush(keys.questionsPending(), 'garbage', JSON.stringify({ id: 'Q9', text: 'no room' }))
    await stores.questions.add(q(b, '在哪里？'))
    await expectLifetimes()

    expect(await stores.questions.get('Q2')).toEqual(q('Q2', '在哪里？'))
    expect((await stores.questions.takePending()).map((x) => x.id)).toEqual(['Q1', 'Q2'])
    expect(await stores.questions.takePending()).toEqual([])
    expect(refused()).toEqual([keys.questionsPending(), keys.questionsPending()])

    await redis.set(keys.question('Q1'), JSON.stringify({ ...q('Q1', 'x'), at: 'yesterday' }))
    expect(await stores.questions.get('Q1')).toBeUndefined()
    expect(await stores.questions.get('Q404')).toBeUndefined()
  })

  it('removal records: taken once by the job id; a corrupted one is refused and not reported twice', async () => {
    const rec: RemovalRecord = {
      roomId: 'g1@chatroom',
      report: { cause: 'rule', groupLabel: '北京1群', memberId: 'wxid_a', memberName: '张三', reason: '广告', caseId: 'R1' },
      notice: { text: '已移出', mentionIds: [] },
      by: 'rules',
    }
    await stores.removals.put('rm-1', rec)
    await expectLifetimes()
    expect(await stores.removals.take('rm-1')).toEqual(rec)
    expect(await stores.removals.take('rm-1')).toBeUndefined()

    await redis.set(keys.removal('rm-2'), JSON.stringify({ ...rec, report: { ...rec.report, cause: 'whim' } }))
    expect(await stores.removals.take('rm-2')).toBeUndefined()
    expect(await redis.exists(keys.removal('rm-2'))).toBe(0)
    expect(refused()).toEqual([keys.removal('rm-2')])
  })

  it('welcome batches: the first join opens the window, the job takes everyone once and closes it', async () => {
    expect(await stores.welcome.add('g1@chatroom', ['wxid_a'], 60_000, 1000)).toBe(true)
    expect(await stores.welcome.add('g1@chatroom', ['wxid_b', 'wxid_a'], 60_000, 2000)).toBe(false)
    await expectLifetimes()
    // the registry's words for these TTLs: twice batchMs plus an hour / a minute
    expect(KEY_LIFETIMES.welcomeList).toHaveProperty('ttl')
    expect(await redis.pttl(keys.welcomeList('g1@chatroom'))).toBeGreaterThan(2 * 60_000 + 3_500_000)
    expect(await redis.pttl(keys.welcomeOpen('g1@chatroom'))).toBeLessThanOrEqual(2 * 60_000 + 60_000)

    expect(await stores.welcome.take('g1@chatroom')).toEqual(['wxid_a', 'wxid_b'])
    expect(await redis.exists(keys.welcomeList('g1@chatroom'), keys.welcomeOpen('g1@chatroom'))).toBe(0)
    expect(await stores.welcome.take('g1@chatroom')).toEqual([])
    expect(await stores.welcome.add('g1@chatroom', ['wxid_c'], 60_000, 3000)).toBe(true)
  })

  it('silent-member plans: the plan and its tally; finished once; a plan that does not read is refused', async () => {
    const plan = { days: 30, listedAt: 5, rooms: { 'g1@chatroom': [{ id: 'wxid_a', name: '张三' }, { id: 'wxid_b', name: '李四' }] } }
    await stores.silentPlans.save('B1', plan)
    expect(await stores.silentPlans.get('B1')).toEqual(plan)
    await stores.silentPlans.noticeDelivered('B1', 2, 0)
    await stores.silentPlans.count('B1', 'removed')
    await stores.silentPlans.removalFailed('B1', 'g1@chatroom', 'wxid_b', '李四')
    await stores.silentPlans.count('B1', 'roomsDone')
    await expectLifetimes()
    expect(await stores.silentPlans.tally('B1')).toEqual({ roomsDone: 1, expected: 2, removed: 1, failed: 1, spared: 0, skippedRooms: 0 })
    expect(await stores.silentPlans.failedNames('B1')).toEqual(['李四'])
    expect([await stores.silentPlans.finish('B1'), await stores.silentPlans.finish('B1')]).toEqual([true, false])

    await redis.hset(keys.silentPlan('B2'), 'plan', JSON.stringify({ days: 30, listedAt: 5, rooms: ['g1@chatroom'] }))
    expect(await stores.silentPlans.get('B2')).toBeUndefined()
    expect(refused()).toEqual([`${keys.silentPlan('B2')} plan`])
  })

  it("the rules' repositories: a bad ban, audit line, case, label or cross-group place is left out, the rest read", async () => {
    const { blacklist, audit, cases, labelled, memberRecords } = stores
    await blacklist.add({ id: 'wxid_a', name: '张三', reason: '广告', by: 'rules', at: 1 })
    await redis.hset(keys.blacklist(), 'wxid_b', '{"id":"wxid_b"')
    expect((await blacklist.list()).map((e) => e.id)).toEqual(['wxid_a'])
    expect(await blacklist.get('wxid_b')).toBeUndefined()
    expect(await blacklist.has('wxid_b')).toBe(true) // the ban holds even when its entry does not read

    await audit.record({ at: 1, action: 'warn', by: 'rules', why: '广告' })
    await redis.lpush(keys.audit(), JSON.stringify({ at: 'now', action: 'warn' }))
    expect((await audit.recent()).map((e) => e.action)).toEqual(['warn'])

    const c = await cases.open({ kind: 'review', roomId: 'g1@chatroom', groupLabel: '北京1群', memberId: 'wxid_a', memberName: '张三', reason: '疑似广告', strike: false, blacklisted: false, dryRun: false, at: 1 })
    expect(await cases.get(c.id)).toEqual(c)
    await redis.set(keys.moderationCase('R99'), JSON.stringify({ ...c, id: 'R99', kind: 'maybe' }))
    expect(await cases.get('R99')).toBeUndefined()

    await labelled.add({ text: '加微信领红包', label: 'ad', by: 'wxid_op', at: 1, source: 'R1' })
    await redis.hset(keys.labelled(), 'bad', 'not json at all')
    expect((await labelled.all()).map((t) => t.label)).toEqual(['ad'])

    const crossKey = keys.cross('wxid_a', createHash('sha1').update('h').digest('hex').slice(0, 20))
    await redis.rpush(crossKey, JSON.stringify(['g9@chatroom']))
    const places = await memberRecords.recordRepeat('wxid_a', 'h', 'g1@chatroom', 5, 60_000)
    expect(places).toEqual([{ roomId: 'g1@chatroom', at: 5 }])

    expect(refused()).toEqual([
      `${keys.blacklist()} wxid_b`,
      `${keys.blacklist()} wxid_b`,
      keys.audit(),
      keys.moderationCase('R99'),
      keys.labelled(),
      crossKey,
    ])
  })

  it('schedules: records typed by source; a corrupted record is left out of the list and the others still run', async () => {
    const r: ScheduleRecord = {
      id: 'S1',
      source: 'hq',
      when: { kind: 'cron', pattern: '0 9 * * 1', description: '每周一 09:00' },
      target: { kind: 'tags', tags: ['北京'] },
      text: '周会提醒',
      timeZone: 'Asia/Shanghai',
      by: 'wxid_op',
      createdAt: 1,
    }
    await stores.schedules.put(r)
    await stores.schedules.put({ ...r, id: 'daily', source: 'config', when: { kind: 'once', at: 99, description: '一次' }, target: { kind: 'all' } })
    expect(await stores.schedules.get('hq', 'S1')).toEqual(r)
    await redis.hset(keys.schedules(), 'hq:S7', JSON.stringify({ ...r, id: 'S7', when: { kind: 'weekly' } }))
    expect((await stores.schedules.all()).map((x) => `${x.source}:${x.id}`).sort()).toEqual(['config:daily', 'hq:S1'])
    expect(await stores.schedules.get('hq', 'S7')).toBeUndefined()
    expect(refused()).toEqual([`${keys.schedules()} hq:S7`, `${keys.schedules()} hq:S7`])
    expect(await stores.schedules.claimTick(r, 100, 'B5')).toBe('B5')
    expect(await stores.schedules.claimTick(r, 100, 'B6')).toBe('B5')
    await expectLifetimes()
  })

  it('the host stores the wiring builds (group registry, broadcasts) refuse a bad record the same way', async () => {
    const registry = createGroupRegistry(redis, keys, logRefused(logger))
    await registry.sync([{ roomId: 'g1@chatroom', topic: '北京1群', memberCount: 3, botIsOwner: false, botIsAdmin: true, ownerId: undefined, adminIds: [] }], 1)
    await redis.hset(keys.groups(), 'g2@chatroom', JSON.stringify({ roomId: 'g2@chatroom', topic: 7 }))
    await registry.setTags('g1@chatroom', ['北京'])
    await redis.hset(keys.groupTags(), 'g2@chatroom', '"北京"')
    expect((await registry.all()).map((g) => g.roomId)).toEqual(['g1@chatroom'])
    expect(await registry.tagOverrides()).toEqual({ 'g1@chatroom': ['北京'] })

    const broadcasts = createBroadcastStore(redis, keys, logRefused(logger))
    await redis.hset(keys.broadcast('B1'), 'record', JSON.stringify({ id: 'B1', status: 'running' }))
    expect(await broadcasts.get('B1')).toBeUndefined()
    expect(refused()).toEqual([`${keys.groups()} g2@chatroom`, `${keys.groupTags()} g2@chatroom`, `${keys.broadcast('B1')} record`])
  })
  it('a moderation decision and a console session read through their shapes; a bad one is refused and logged', async () => {
    const c = await stores.cases.open({ kind: 'review', roomId: 'r1', groupLabel: 'g', memberId: 'm', memberName: 'n', reason: 'x', strike: false, blacklisted: false, dryRun: false, at: 1 })
    expect(await stores.cases.decision(c.id)).toBeUndefined()
    expect(await stores.cases.decide(c.id, { label: 'ad', by: 'op', at: 2 })).toEqual({ ok: true })
    expect(await stores.cases.decision(c.id)).toEqual({ label: 'ad', by: 'op', at: 2 })
    await redis.set(keys.moderationDecision(c.id), '{"label":"maybe"}')
    expect(await stores.cases.decision(c.id)).toBeUndefined()
    expect(refused()).toContain(keys.moderationDecision(c.id))

    const auth = createConsoleAuth(redis, keys, logRefused(logger))
    const { id, session } = await auth.createSession('wxid_op', 60_000, 5)
    expect(await auth.readSession(id)).toEqual(session)
    await redis.set(keys.consoleSession(id), '{"contactId":"wxid_op"')
    expect(await auth.readSession(id)).toBeUndefined()
    expect(refused()).toContain(keys.consoleSession(id))
  })
})
