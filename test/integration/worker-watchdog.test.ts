import { randomBytes } from 'node:crypto'
import { Job, type Worker } from 'bullmq'
import { Writable } from 'node:stream'
import pino from 'pino'
import { createOutbound, type Outcome } from '../../src/outbound/outbound-queue'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { createRedisFactory } from '../../src/store/redis'
import { fastOutbound, waitFor } from '../helpers/outbound'
import { REDIS_URL } from '../helpers/scenario'

/**
 * Issue 17 item 10: a paced queue's worker that stops fetching (its blocking wait never
 * answers, as after a Redis Cluster failover that left its blocking connection dead; or its
 * fetch loop ended while it was not paused, as when a resume lands while the loop leaves
 * after a pause) is replaced, and the work waiting goes out. The broken states are made by
 * hand on a real worker: what the watchdog must notice is the work not moving.
 */
describe('the outbound worker watchdog', () => {
  let prefix: string
  let closers: (() => Promise<void>)[] = []
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    closers = []
  })
  afterEach(async () => {
    for (const close of closers) await close().catch(() => undefined)
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  const make = (opts: { failFirst?: string } = {}) => {
    const redis = createRedisFactory(REDIS_URL)
    const sent: string[] = []
    const outcomes: [string, Outcome][] = []
    const lines: string[] = []
    let failedOnce = false
    const ob = createOutbound({
      redis,
      keys: createKeys(prefix),
      account: 't',
      outbound: () => fastOutbound,
      timezone: () => 'Asia/Shanghai',
      now: Date.now,
      rng: () => 0,
      logger: pino({ level: 'warn' }, new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) })),
      perform: async (a) => {
        const to = 'to' in a ? a.to : ''
        // the first send to `failFirst` fails (WeChat did not take it): its attempt ends in an error
        if (to === opts.failFirst && !failedOnce) {
          failedOnce = true
          throw new Error('injected send failure')
        }
        sent.push(to)
      },
      hooks: { onOutcome: async (id, _d, o) => void outcomes.push([id, o]) },
      watchdog: { everyMs: 100, stuckAfterMs: 400 },
    })
    closers.push(async () => {
      await ob.close(500)
      redis.disconnectAll()
    })
    ob.start()
    const say = (room: string) => ob.enqueue({ action: { type: 'say', to: room, text: 'x' }, priority: 'broadcast' }, { jobId: `j-${room.replace('@', '-')}` })
    return { ob, sent, lines, say }
  }
  const internals = (w: Worker) => w as unknown as { backend: { waitForJob: (t: number) => Promise<unknown> }; paused: boolean }

  it('replaces a worker whose blocking wait never answers; the job waiting behind it is sent', async () => {
    const { ob, sent, lines, say } = make()
    const first = ob.worker()!
    // from its next wait on, the worker's blocking read never comes back (its connection is gone for good)
    let blocked = false
    internals(first).backend.waitForJob = () => ((blocked = true), new Promise<never>(() => undefined))
    await say('a@chatroom')
    await waitFor(() => sent.includes('a@chatroom') && blocked)
    await say('b@chatroom')
    await waitFor(() => sent.includes('b@chatroom'))
    expect(ob.worker()).not.toBe(first)
    expect(lines.join('')).toMatch(/"reason":"work is due and it fetches nothing".*outbound worker stopped fetching: replaced by a new one/)
  })

  it('replaces a worker whose fetch loop ended while it was not paused (a resume lost as the loop left)', async () => {
    const { ob, sent, lines, say } = make()
    const first = ob.worker()!
    await first.pause(true)
    await waitFor(() => !first.isRunning())
    // what the lost resume leaves: not paused, and no loop to fetch
    internals(first).paused = false
    await say('a@chatroom')
    await waitFor(() => sent.includes('a@chatroom'))
    expect(ob.worker()).not.toBe(first)
    expect(lines.join('')).toMatch(/"reason":"its fetch loop ended while it was not paused"/)
  })

  it('leaves a healthy idle worker alone', async () => {
    const { ob, sent, say } = make()
    const first = ob.worker()!
    await say('a@chatroom')
    await waitFor(() => sent.includes('a@chatroom'))
    // idle for several looks with nothing due
    await new Promise((done) => setTimeout(done, 1000))
    await say('b@chatroom')
    await waitFor(() => sent.includes('b@chatroom'))
    expect(ob.worker()).toBe(first)
  })

  it('settles a job BullMQ left in hand when it could not move it after a Redis error; the queue behind it moves on', async () => {
    const { sent, lines, say } = make({ failFirst: 'a@chatroom' })
    // BullMQ 6.7 retries the move of a failed attempt only after "Connection is closed." or
    // ECONNREFUSED; a Cluster's error during a failover leaves the job active (once, here)
    const move = Job.prototype.moveToFailed
    let failed = 0
    Job.prototype.moveToFailed = function (this: Job, ...args: Parameters<typeof move>) {
      if (this.id === 'j-a-chatroom' && failed++ === 0) return Promise.reject(new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'))
      return move.apply(this, args)
    } as typeof move
    try {
      await say('a@chatroom')
      await say('b@chatroom')
      await waitFor(() => sent.includes('a@chatroom') && sent.includes('b@chatroom'))
    } finally {
      Job.prototype.moveToFailed = move
    }
    expect(failed).toBeGreaterThan(0)
    expect(sent.sort()).toEqual(['a@chatroom', 'b@chatroom'])
    expect(lines.join('')).toMatch(/a job stayed in hand with no worker running it/)
  })
})
