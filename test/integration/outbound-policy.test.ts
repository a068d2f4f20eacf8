import { randomBytes } from 'node:crypto'
import { parseConfigObject } from '../../src/config/load-config'
import type { Outcome } from '../../src/outbound/outbound-queue'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { makeOutbound, waitFor } from '../helpers/outbound'
import { REDIS_URL } from '../helpers/scenario'

describe('outbound policy on a real queue', () => {
  let prefix: string
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  })
  afterEach(async () => {
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('quiet hours hold broadcasts until they end, but not moderation or HQ replies', async () => {
    const outbound = parseConfigObject({ outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: '23:00-07:00' } }).outbound
    // the bot's clock says 23:30 in Shanghai
    const fakeNow = Date.parse('2026-11-23T23:30:00+08:00')
    const offset = fakeNow - Date.now()
    const done: string[] = []
    const outcomes: [string, Outcome][] = []
    const { ob, redis } = makeOutbound(prefix, async (a) => void done.push(a.type), outcomes, { outbound, now: () => Date.now() + offset })
    ob.start()
    await ob.enqueue({ action: { type: 'say', to: 'g@chatroom', text: 'night' }, priority: 'broadcast', quiet: true }, { jobId: 'B1-g@chatroom' })
    await ob.enqueue({ action: { type: 'remove', roomId: 'g@chatroom', contactId: 'wxid_spam' }, priority: 'moderation' })
    await ob.enqueue({ action: { type: 'say', to: 'hq@chatroom', text: 'ok' }, priority: 'hq' })
    await waitFor(() => done.length === 2)
    await new Promise((r) => setTimeout(r, 300))
    expect(done.sort()).toEqual(['remove', 'say'])
    const held = await ob.queue.getJob('B1-g@chatroom')
    expect(await held!.getState()).toBe('delayed')
    // moveToDelayed takes the real clock; the hold ends at 07:00 by the bot's clock
    expect(held!.timestamp + held!.delay + offset).toBeGreaterThanOrEqual(Date.parse('2026-11-24T07:00:00+08:00') - 1000)
    await ob.close(1000)
    await redis.closeAll()
  })

  it('the daily cap holds member-facing sends until tomorrow once reached', async () => {
    const outbound = parseConfigObject({ outbound: { minIntervalMs: 10, jitterMs: 0, quietHours: '', dailyCap: 2 } }).outbound
    const sent: string[] = []
    const { ob, redis } = makeOutbound(prefix, async (a) => void sent.push('to' in a ? a.to : a.type), [], { outbound })
    ob.start()
    for (const g of ['a', 'b', 'c']) await ob.enqueue({ action: { type: 'say', to: `${g}@chatroom`, text: 'x' }, priority: 'broadcast' }, { jobId: `B1-${g}@chatroom` })
    await ob.enqueue({ action: { type: 'remove', roomId: 'a@chatroom', contactId: 'wxid_spam' }, priority: 'moderation' })
    await waitFor(() => sent.length === 3)
    await new Promise((r) => setTimeout(r, 300))
    expect(sent.filter((x) => x.endsWith('@chatroom'))).toHaveLength(2)
    expect(sent).toContain('remove')
    const states = await Promise.all(['a', 'b', 'c'].map(async (g) => (await ob.queue.getJob(`B1-${g}@chatroom`))!.getState()))
    expect(states.filter((s) => s === 'delayed')).toHaveLength(1)
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    expect(await redis.client().get(createKeys(prefix).dailyCount('t', day))).toBe('2')
    await ob.close(1000)
    await redis.closeAll()
  })
})
