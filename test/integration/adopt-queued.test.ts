import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { createOutbound, type Outcome } from '../../src/outbound/outbound-queue'
import type { OutboundAction } from '../../src/outbound/actions'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { createRedisFactory } from '../../src/store/redis'
import { fastOutbound, waitFor } from '../helpers/outbound'
import { REDIS_URL } from '../helpers/scenario'

/**
 * A dead account's queue (its lease expired, issue 11) is adopted by a survivor: waiting jobs
 * move under their ids; the job it had in hand is settled through the ledger once its lock
 * has expired, by one adopter only.
 */
describe('adopting a dead account’s queue', () => {
  let prefix: string
  /** closed even when an expectation fails: an open queue would keep jest from exiting */
  let closers: (() => Promise<void>)[] = []
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    closers = []
  })
  afterEach(async () => {
    for (const close of closers) await close().catch(() => undefined)
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  const make = (account: string, perform: (a: OutboundAction) => Promise<void>, outcomes: [string, Outcome][]) => {
    const redis = createRedisFactory(REDIS_URL)
    const ob = createOutbound({
      redis,
      keys: createKeys(prefix),
      account,
      outbound: () => fastOutbound,
      timezone: () => 'Asia/Shanghai',
      now: Date.now,
      rng: () => 0,
      logger: pino({ level: 'silent' }),
      perform,
      hooks: { onOutcome: async (id, _d, o) => void outcomes.push([id, o]) },
      // every room is the live account's now
      route: async () => 'live',
      lockMs: 600,
      stalledCheckMs: 300,
    })
    closers.push(async () => {
      await ob.close(1000)
      await redis.closeAll()
    })
    return { ob, redis }
  }

  it('moves the waiting jobs, settles the one in hand as uncertain once its lock expires, and sends nothing twice', async () => {
    let claimed!: () => void
    const inHand = new Promise<void>((done) => (claimed = done))
    // the dead account's own process: it routes to itself while alive
    const deadRedis = createRedisFactory(REDIS_URL)
    const dead = createOutbound({
      redis: deadRedis,
      keys: createKeys(prefix),
      account: 'dead',
      outbound: () => fastOutbound,
      timezone: () => 'Asia/Shanghai',
      now: Date.now,
      rng: () => 0,
      logger: pino({ level: 'silent' }),
      perform: () => {
        claimed()
        return new Promise<void>(() => undefined)
      },
      hooks: {},
      lockMs: 600,
      stalledCheckMs: 300,
    })
    closers.push(async () => deadRedis.disconnectAll())
    dead.start()
    await dead.enqueue({ action: { type: 'say', to: 'a@chatroom', text: 'x' }, priority: 'broadcast', broadcastId: 'B1' }, { jobId: 'B1-a@chatroom' })
    await dead.enqueue({ action: { type: 'say', to: 'b@chatroom', text: 'x' }, priority: 'broadcast', broadcastId: 'B1' }, { jobId: 'B1-b@chatroom' })
    await inHand
    deadRedis.disconnectAll()
    await dead.abandon()

    const sent: string[] = []
    const outcomes: [string, Outcome][] = []
    const live = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    const other = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    const first = await live.ob.adoptQueued('dead')
    expect(first).toEqual({ moved: 1, settled: 0, locked: 1 })
    // two adopters after the lock expired: one settles it
    const tries: { moved: number; settled: number; locked: number }[] = []
    await waitFor(async () => {
      const r = await Promise.all([live.ob.adoptQueued('dead'), other.ob.adoptQueued('dead')])
      tries.push(...r)
      return r.every((x) => x.locked === 0)
    })
    expect(tries.reduce((n, r) => n + r.settled, 0)).toBe(1)
    live.ob.start()
    await waitFor(() => outcomes.length === 2)
    expect(Object.fromEntries(outcomes)).toEqual({ 'B1-a@chatroom': { status: 'uncertain' }, 'B1-b@chatroom': { status: 'sent' } })
    expect(sent).toEqual(['b@chatroom'])
    expect(await live.ob.adoptQueued('dead')).toEqual({ moved: 0, settled: 0, locked: 0 })
  })
})
