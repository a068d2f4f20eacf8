import { randomBytes } from 'node:crypto'
import { parseConfigObject } from '../../src/config/load-config'
import type { Outcome } from '../../src/outbound/outbound-queue'
import { dayKey } from '../../src/core/time-window'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { makeOutbound, shanghaiTime, waitFor } from '../helpers/outbound'
import { REDIS_URL } from '../helpers/scenario'

const HOUR = 3600_000

describe('outbound policy on a real queue', () => {
  let prefix: string
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  })
  afterEach(async () => {
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  // The bot's clock is pinned to a time of day, never a date, and set apart from the real
  // clock both ways: BullMQ's delays run on the real clock, so the hold must be converted.
  it.each([
    ['ahead of', 1],
    ['behind', -1],
  ] as const)('quiet hours hold broadcasts until 07:00 by a bot clock %s the real one, but not moderation or HQ replies', async (_, direction) => {
    const outbound = parseConfigObject({ outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: '23:00-07:00' } }).outbound
    const botStart = shanghaiTime(23, 30, Date.now(), direction)
    const offset = botStart - Date.now()
    const done: string[] = []
    const outcomes: [string, Outcome][] = []
    const { ob, redis } = makeOutbound(prefix, async (a) => void done.push(a.type), outcomes, { outbound, now: () => Date.now() + offset })
    try {
      ob.start()
      await ob.enqueue({ action: { type: 'say', to: 'g@chatroom', text: 'night' }, priority: 'broadcast', quiet: true }, { jobId: 'B1-g@chatroom' })
      await ob.enqueue({ action: { type: 'remove', roomId: 'g@chatroom', contactId: 'wxid_spam' }, priority: 'moderation' })
      await ob.enqueue({ action: { type: 'say', to: 'hq@chatroom', text: 'ok' }, priority: 'hq' })
      const held = async () => (await ob.queue.getJob('B1-g@chatroom'))!
      // the positive signal first: the processor held the broadcast and sent the other two
      await waitFor(async () => done.length === 2 && (await (await held()).getState()) === 'delayed')
      expect(done.sort()).toEqual(['remove', 'say'])
      // 23:30 → 07:00 is 7.5 h on the bot's clock, and so it must be on BullMQ's (real) clock
      const job = await held()
      expect(job.delay).toBeGreaterThan(7.5 * HOUR - 60_000)
      expect(job.delay).toBeLessThanOrEqual(7.5 * HOUR)
      expect(await ob.queue.getDelayedCount(Date.now() + 7.5 * HOUR - 60_000)).toBe(0)
      expect(await ob.queue.getDelayedCount(Date.now() + 7.5 * HOUR + 1000)).toBe(1)
      expect(done).toHaveLength(2)
    } finally {
      await ob.close(1000)
      await redis.closeAll()
    }
  })

  it('the daily cap holds member-facing sends until the bot clock’s next midnight once reached', async () => {
    const outbound = parseConfigObject({ outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: '', dailyCap: 2 } }).outbound
    // noon in Shanghai, a few days from the real clock: the day cannot change during the test
    const offset = shanghaiTime(12, 0) + 3 * 24 * HOUR - Date.now()
    const now = () => Date.now() + offset
    const sent: string[] = []
    const { ob, redis } = makeOutbound(prefix, async (a) => void sent.push('to' in a ? a.to : a.type), [], { outbound, now })
    try {
      ob.start()
      for (const g of ['a', 'b', 'c']) await ob.enqueue({ action: { type: 'say', to: `${g}@chatroom`, text: 'x' }, priority: 'broadcast' }, { jobId: `B1-${g}@chatroom` })
      await ob.enqueue({ action: { type: 'remove', roomId: 'a@chatroom', contactId: 'wxid_spam' }, priority: 'moderation' })
      const jobs = () => Promise.all(['a', 'b', 'c'].map(async (g) => (await ob.queue.getJob(`B1-${g}@chatroom`))!))
      const states = async () => Promise.all((await jobs()).map((j) => j.getState()))
      // the positive signal: three sends done and the third broadcast delivery held
      await waitFor(async () => sent.length === 3 && (await states()).filter((s) => s === 'delayed').length === 1)
      expect(sent.filter((x) => x.endsWith('@chatroom'))).toHaveLength(2)
      expect(sent).toContain('remove')
      expect((await states()).filter((s) => s === 'completed')).toHaveLength(2)
      const held = (await jobs()).find((j) => j.delay > 0)!
      // noon → midnight is 12 h on the bot's clock, and so it must be on BullMQ's
      expect(held.delay).toBeGreaterThan(12 * HOUR - 60_000)
      expect(held.delay).toBeLessThanOrEqual(12 * HOUR)
      expect(await redis.client().get(createKeys(prefix).dailyCount('t', dayKey(now(), 'Asia/Shanghai')))).toBe('2')
    } finally {
      await ob.close(1000)
      await redis.closeAll()
    }
  })
})
