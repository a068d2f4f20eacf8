import { randomBytes } from 'node:crypto'
import Redis from 'ioredis'
import pino from 'pino'
import { createBroadcastStore, type BroadcastRecord } from '../../src/store/broadcast-store'
import { createBroadcasts } from '../../src/broadcast/broadcasts'
import { parseConfigObject } from '../../src/config/load-config'
import type { Outbound } from '../../src/outbound/outbound-queue'
import type { WechatView } from '../../src/wechat/adapter'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { logRefused } from '../../src/store/stored-json'
import { dyingAfter } from '../helpers/dying-redis'
import { REDIS_URL } from '../helpers/scenario'

/**
 * Issue 17 item 11: a process that dies while it counts a delivery (a hard restart while the
 * job's outcome is being published) must not lose the count. Its successor settles the job
 * again and publishes the same outcome; the room is then counted once, never zero times (the
 * count used to mark the room counted in one write and add it in a second: a death between
 * the two left the broadcast one short forever, and its report never came).
 */
describe('counting a broadcast delivery survives a death between writes', () => {
  let prefix: string
  let redis: Redis
  const logger = pino({ level: 'silent' })
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new Redis(REDIS_URL)
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  const record = (id: string, rooms: string[]): BroadcastRecord => ({
    id,
    by: 'wxid_op1',
    hqRoom: 'hq@chatroom',
    content: { kind: 'text', text: '通知' },
    rooms: rooms.map((roomId) => ({ roomId, topic: roomId })),
    status: 'running',
    createdAt: 1,
    expiresAt: 10_000_000,
    estimateMs: 0,
  })

  it.each([0, 1, 2, 3, 4])('the counting process dies after %i round trips: the successor’s count makes it exactly one', async (trips) => {
    const keys = createKeys(prefix)
    const healthy = createBroadcastStore(redis, keys, logRefused(logger))
    const id = `B${trips + 1}`
    await healthy.save(record(id, ['g1@chatroom', 'g2@chatroom']))
    const dying = createBroadcastStore(dyingAfter(redis, trips), keys, logRefused(logger))
    await dying.count(id, 'sent', 'g1@chatroom', undefined, 'a1').catch(() => undefined)
    // the successor settles the same job again (the ledger says sent) and publishes it
    await healthy.count(id, 'sent', 'g1@chatroom', undefined, 'a1')
    const after = await healthy.count(id, 'uncertain', 'g2@chatroom')
    expect(after).toEqual({ total: 2, sent: 1, failed: 0, uncertain: 1, skipped: 0, done: 2 })
    expect(await healthy.sentRooms(id)).toEqual(['g1@chatroom'])
    expect(await healthy.uncertainRooms(id)).toEqual(['g2@chatroom'])
    expect(await healthy.sentByAccount(id)).toEqual({ a1: 1 })
  })

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('the process counting the last delivery dies after %i round trips: the successor still sends the report', async (trips) => {
    const keys = createKeys(prefix)
    const id = `B${trips + 1}`
    await createBroadcastStore(redis, keys, logRefused(logger)).save(record(id, ['g1@chatroom']))
    const said: { text: string; jobId?: string }[] = []
    const make = (client: Redis) =>
      createBroadcasts({
        redis: client,
        keys,
        config: () => parseConfigObject({}),
        outbound: { account: 'main' } as Outbound,
        view: {} as WechatView,
        logger,
        now: Date.now,
        say: async (_room, text, jobId) => {
          // the report is itself a Redis write (the outbound queue): a dead process cannot make it
          await client.ping()
          said.push({ text, ...(jobId ? { jobId } : {}) })
        },
      })
    const job = { action: { type: 'say' as const, to: 'g1@chatroom', text: '通知' }, priority: 'broadcast' as const, broadcastId: id }
    await make(dyingAfter(redis, trips)).onOutcome(`${id}-g1@chatroom`, job, { status: 'sent' }).catch(() => undefined)
    // the successor settles the job again (the ledger says sent) and publishes it
    await make(redis).onOutcome(`${id}-g1@chatroom`, job, { status: 'sent' })
    const reports = said.filter((s) => s.jobId === `${id}-report`)
    // said once or twice under one job id: the outbound queue adds a job id once
    expect(reports.length).toBeGreaterThanOrEqual(1)
    expect(new Set(reports.map((r) => r.text)).size).toBe(1)
    expect(reports[0]!.text).toMatch(new RegExp(`${id} 完成：送达 1/1 个群，失败 0，不确定 0`))
  })

  it('an action without `to` (an announcement, a removal) is counted under its room, not under ""', async () => {
    const keys = createKeys(prefix)
    const store = createBroadcastStore(redis, keys, logRefused(logger))
    const id = 'B90'
    await store.save(record(id, ['g1@chatroom', 'g2@chatroom']))
    const broadcasts = createBroadcasts({
      redis,
      keys,
      config: () => parseConfigObject({}),
      outbound: { account: 'main' } as Outbound,
      view: {} as WechatView,
      logger,
      now: Date.now,
      say: async () => undefined,
    })
    const announce = { action: { type: 'announce' as const, roomId: 'g1@chatroom', text: '群公告' }, priority: 'broadcast' as const, broadcastId: id }
    const remove = { action: { type: 'remove' as const, roomId: 'g2@chatroom', contactId: 'wxid_x' }, priority: 'broadcast' as const, broadcastId: id }
    await broadcasts.onOutcome(`${id}-g1@chatroom`, announce, { status: 'sent' })
    await broadcasts.onOutcome(`${id}-g2@chatroom`, remove, { status: 'failed', error: '群主或管理员才能移出成员' })
    expect(await store.sentRooms(id)).toEqual(['g1@chatroom'])
    expect(await store.failedRooms(id)).toEqual({ 'g2@chatroom': '群主或管理员才能移出成员' })
  })
})
