import { randomBytes } from 'node:crypto'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { REDIS_URL } from '../helpers/scenario'
import { makeOutbound, waitFor } from '../helpers/outbound'
import type { Outcome } from '../../src/outbound/outbound-queue'

describe('the send ledger (exactly once)', () => {
  let prefix: string
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  })
  afterEach(async () => {
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('never re-sends a delivery whose claim is unfinished or done: uncertain / skipped', async () => {
    const sent: string[] = []
    const outcomes: [string, Outcome][] = []
    const { ob, redis } = makeOutbound(prefix, async (a) => void sent.push('to' in a ? a.to : ''), outcomes)
    const keys = createKeys(prefix)
    const r = redis.client()
    await r.set(keys.ledger('B1-a@chatroom'), 'sending')
    await r.set(keys.ledger('B1-b@chatroom'), 'sent')
    ob.start()
    for (const room of ['a@chatroom', 'b@chatroom', 'c@chatroom']) {
      await ob.enqueue({ action: { type: 'say', to: room, text: 'x' }, priority: 'broadcast', broadcastId: 'B1' }, { jobId: `B1-${room}` })
    }
    // a second add with the same id is ignored while the job is kept
    await ob.enqueue({ action: { type: 'say', to: 'c@chatroom', text: 'x' }, priority: 'broadcast' }, { jobId: 'B1-c@chatroom' })
    await waitFor(() => outcomes.length === 3)
    expect(sent).toEqual(['c@chatroom'])
    expect(Object.fromEntries(outcomes)).toEqual({
      'B1-a@chatroom': { status: 'uncertain' },
      'B1-b@chatroom': { status: 'skipped', why: 'already sent' },
      'B1-c@chatroom': { status: 'sent' },
    })
    expect(await r.get(keys.ledger('B1-c@chatroom'))).toBe('sent')
    await ob.close(1000)
    await redis.closeAll()
  })

  it('a process that dies between claim and send leaves the delivery uncertain for its successor, never sent twice', async () => {
    const outcomesA: [string, Outcome][] = []
    let claimedOnce!: () => void
    const claimed = new Promise<void>((done) => (claimedOnce = done))
    // process A: the WeChat call hangs (the process is about to die)
    const a = makeOutbound(prefix, () => {
      claimedOnce()
      return new Promise<void>(() => undefined)
    }, outcomesA)
    a.ob.start()
    await a.ob.enqueue({ action: { type: 'say', to: 'x@chatroom', text: 'x' }, priority: 'broadcast' }, { jobId: 'B9-x@chatroom' })
    await claimed
    a.redis.disconnectAll()
    await a.ob.abandon()

    const sentB: string[] = []
    const outcomesB: [string, Outcome][] = []
    const b = makeOutbound(prefix, async (act) => void sentB.push('to' in act ? act.to : ''), outcomesB)
    b.ob.start()
    await waitFor(() => outcomesB.length === 1)
    expect(outcomesB[0]).toEqual(['B9-x@chatroom', { status: 'uncertain' }])
    expect(sentB).toEqual([])
    await b.ob.close(1000)
    await b.redis.closeAll()
  })

  it('a process that dies before claiming lets its successor send the delivery once', async () => {
    const outcomes: [string, Outcome][] = []
    const keys = createKeys(prefix)
    const a = makeOutbound(prefix, async () => undefined, outcomes)
    // A holds the pacing so the job is never claimed, then dies
    await a.redis.client().set(keys.pacingNextAt('t'), String(Date.now() + 60000))
    a.ob.start()
    await a.ob.enqueue({ action: { type: 'say', to: 'y@chatroom', text: 'y' }, priority: 'broadcast' }, { jobId: 'B8-y@chatroom' })
    // A has taken the job and been told to wait: the queue's rate limit is set
    await waitFor(async () => (await a.ob.queue.getRateLimitTtl()) > 0)
    a.redis.disconnectAll()
    await a.ob.abandon()

    const sentB: string[] = []
    const b = makeOutbound(prefix, async (act) => void sentB.push('to' in act ? act.to : ''), outcomes)
    await b.redis.client().del(keys.pacingNextAt('t'))
    await b.ob.queue.rateLimit(1).catch(() => undefined)
    b.ob.start()
    await waitFor(() => sentB.length === 1, 15000)
    expect(sentB).toEqual(['y@chatroom'])
    await b.ob.close(1000)
    await b.redis.closeAll()
  })
})
