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

  const make = (account: string, perform: (a: OutboundAction) => Promise<void>, outcomes: [string, Outcome][], opts: { route?: false } = {}) => {
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
      ...(opts.route === false ? {} : { route: async () => 'live' }),
      lockMs: 600,
      stalledCheckMs: 300,
    })
    closers.push(async () => {
      await ob.close(1000)
      await redis.closeAll()
    })
    return { ob, redis }
  }

  /**
   * An account's process that dies with a job in hand (its Redis cut, its worker gone, its
   * lock left): blocked in the WeChat call (the send claimed: `perform`), before the ledger
   * (never claimed: `shouldSend`) or after the send was recorded (`publish`: the ledger says
   * sent), with a second job waiting behind it.
   */
  async function diesWithJobInHand(account: string, blockIn: 'perform' | 'shouldSend' | 'publish', lockMs = 600): Promise<void> {
    let inHand!: () => void
    const reached = new Promise<void>((done) => (inHand = done))
    const block = () => {
      inHand()
      return new Promise<never>(() => undefined)
    }
    const deadRedis = createRedisFactory(REDIS_URL)
    const dead = createOutbound({
      redis: deadRedis,
      keys: createKeys(prefix),
      account,
      outbound: () => fastOutbound,
      timezone: () => 'Asia/Shanghai',
      now: Date.now,
      rng: () => 0,
      logger: pino({ level: 'silent' }),
      perform: blockIn === 'perform' ? block : async () => undefined,
      hooks: blockIn === 'shouldSend' ? { shouldSend: block } : blockIn === 'publish' ? { onOutcome: block } : {},
      lockMs,
      stalledCheckMs: lockMs / 2,
    })
    closers.push(async () => deadRedis.disconnectAll())
    dead.start()
    await dead.enqueue({ action: { type: 'say', to: 'a@chatroom', text: 'x' }, priority: 'broadcast', broadcastId: 'B1' }, { jobId: 'B1-a@chatroom' })
    await dead.enqueue({ action: { type: 'say', to: 'b@chatroom', text: 'x' }, priority: 'broadcast', broadcastId: 'B1' }, { jobId: 'B1-b@chatroom' })
    await reached
    deadRedis.disconnectAll()
    await dead.abandon()
  }

  it('moves the waiting jobs, settles the one in hand as uncertain once its lock expires, and sends nothing twice', async () => {
    await diesWithJobInHand('dead', 'perform')
    const sent: string[] = []
    const outcomes: [string, Outcome][] = []
    const live = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    const other = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    const first = await live.ob.adoptQueued('dead', false)
    expect(first).toEqual({ moved: 1, settled: 0, locked: 1 })
    // two adopters after the lock expired: one settles it
    const tries: { moved: number; settled: number; locked: number }[] = []
    await waitFor(async () => {
      const r = await Promise.all([live.ob.adoptQueued('dead', false), other.ob.adoptQueued('dead', false)])
      tries.push(...r)
      return r.every((x) => x.locked === 0)
    })
    expect(tries.reduce((n, r) => n + r.settled, 0)).toBe(1)
    live.ob.start()
    await waitFor(() => outcomes.length === 2)
    expect(Object.fromEntries(outcomes)).toEqual({ 'B1-a@chatroom': { status: 'uncertain' }, 'B1-b@chatroom': { status: 'sent' } })
    expect(sent).toEqual(['b@chatroom'])
    expect(await live.ob.adoptQueued('dead', false)).toEqual({ moved: 0, settled: 0, locked: 0 })
  })

  it('an orphaned queue (no process holds the account) is settled at once, under a live lock, by one of two adopters', async () => {
    // a lock far longer than the test: only breaking it can settle the job in hand now
    await diesWithJobInHand('dead', 'perform', 60_000)
    const sent: string[] = []
    const outcomes: [string, Outcome][] = []
    const live = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    const other = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    expect(await live.ob.adoptQueued('dead', false)).toEqual({ moved: 1, settled: 0, locked: 1 })
    const [x, y] = await Promise.all([live.ob.adoptQueued('dead', true), other.ob.adoptQueued('dead', true)])
    expect(x.settled + y.settled).toBe(1)
    expect(x.locked + y.locked).toBe(0)
    live.ob.start()
    await waitFor(() => outcomes.length === 2)
    expect(Object.fromEntries(outcomes)).toEqual({ 'B1-a@chatroom': { status: 'uncertain' }, 'B1-b@chatroom': { status: 'sent' } })
    expect(sent).toEqual(['b@chatroom'])
    expect(await live.ob.queue.getJobCounts('active', 'waiting', 'prioritized')).toEqual({ active: 0, waiting: 0, prioritized: 0 })
  })

  it.each(['perform', 'shouldSend'] as const)(
    'the account’s next process settles its predecessor’s job in hand (blocked in %s) at once, before its worker starts',
    async (blockIn) => {
      await diesWithJobInHand('main', blockIn, 60_000)
      const sent: string[] = []
      const outcomes: [string, Outcome][] = []
      const next = make('main', async (a) => void sent.push('to' in a ? a.to : ''), outcomes, { route: false })
      const r = await next.ob.settleOrphans()
      expect(r).toEqual(blockIn === 'perform' ? { settled: 1, requeued: 0 } : { settled: 0, requeued: 1 })
      expect(await next.ob.queue.getActiveCount()).toBe(0)
      next.ob.start()
      await waitFor(() => outcomes.length === 2)
      if (blockIn === 'perform') {
        // the claimed send may have left: uncertain, never sent again
        expect(Object.fromEntries(outcomes)).toEqual({ 'B1-a@chatroom': { status: 'uncertain' }, 'B1-b@chatroom': { status: 'sent' } })
        expect(sent).toEqual(['b@chatroom'])
      } else {
        // never claimed: run again, in its place (priority kept)
        expect(Object.fromEntries(outcomes)).toEqual({ 'B1-a@chatroom': { status: 'sent' }, 'B1-b@chatroom': { status: 'sent' } })
        expect(sent.sort()).toEqual(['a@chatroom', 'b@chatroom'])
      }
      expect(await next.ob.settleOrphans()).toEqual({ settled: 0, requeued: 0 })
    },
  )

  it('a send the dead process made and recorded is reported sent, as its own account’s, not the adopter’s', async () => {
    await diesWithJobInHand('dead', 'publish', 60_000)
    const sent: string[] = []
    const outcomes: [string, Outcome][] = []
    const live = make('live', async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    expect((await live.ob.adoptQueued('dead', true)).settled).toBe(1)
    live.ob.start()
    await waitFor(() => outcomes.length === 2)
    expect(Object.fromEntries(outcomes)).toEqual({ 'B1-a@chatroom': { status: 'sent', by: 'dead' }, 'B1-b@chatroom': { status: 'sent' } })
    expect(sent).toEqual(['b@chatroom'])
  })
})
