import { randomBytes } from 'node:crypto'
import { Worker } from 'bullmq'
import pino from 'pino'
import { parseConfigObject } from '../../src/config/load-config'
import type { Outcome } from '../../src/outbound/job'
import { breaker } from '../../src/outbound/steps/breaker'
import { holdDailyCap } from '../../src/outbound/steps/daily-cap'
import { ledger } from '../../src/outbound/steps/ledger'
import { pacing } from '../../src/outbound/steps/pacing'
import { perform } from '../../src/outbound/steps/perform'
import { composeSteps, type OutboundStepContext } from '../../src/outbound/steps/step'
import { dayKey } from '../../src/core/time-window'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys, type Keys } from '../../src/store/keys'
import { createRedisFactory, type RedisFactory } from '../../src/store/redis'
import { REDIS_URL } from '../helpers/scenario'

const cfg = parseConfigObject({ outbound: { minIntervalMs: 100, jitterMs: 0, quietHours: '', dailyCap: 2, breaker: { failures: 2, pauseMs: 500 } } }).outbound
const NOW = 1_800_000_000_000

/** The steps that keep state in Redis, each against the real Redis under a random prefix. */
describe('outbound steps against Redis', () => {
  let prefix: string
  let factory: RedisFactory
  let keys: Keys
  let waits: number[]
  let sends: string[]
  let breakerOpened: number[]

  function ctx(over: Partial<OutboundStepContext> = {}): OutboundStepContext {
    return {
      jobId: 'B1-r1',
      data: { action: { type: 'say', to: 'r1', text: 'hi' }, priority: 'member' },
      attemptsMade: 0,
      attempts: 3,
      cfg,
      tz: 'Asia/Shanghai',
      now: NOW,
      clock: () => NOW + 30,
      rng: () => 0,
      log: pino({ level: 'silent' }),
      redis: factory.client(),
      keys,
      account: 't',
      holdUntil: async () => {
        throw new Error('no hold expected')
      },
      rateLimit: async (ms) => void waits.push(ms),
      shouldSend: async () => true,
      perform: async (a) => void sends.push(a.type === 'say' ? a.to : a.type),
      onBreakerOpen: async (failures) => void breakerOpened.push(failures),
      publish: async () => undefined,
      ...over,
    }
  }

  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    factory = createRedisFactory(REDIS_URL)
    keys = createKeys(prefix)
    waits = []
    sends = []
    breakerOpened = []
  })
  afterEach(async () => {
    await factory.closeAll()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('ledger: claims, marks sent, and never runs a claimed job again (sent → skipped, unfinished → uncertain)', async () => {
    const send = composeSteps([ledger, perform])
    await expect(send(ctx())).resolves.toEqual<Outcome>({ status: 'sent' })
    expect(await factory.client().get(keys.ledger('B1-r1'))).toBe('sent')
    await expect(send(ctx())).resolves.toEqual<Outcome>({ status: 'skipped', why: 'already sent' })
    await factory.client().set(keys.ledger('B1-r2'), 'sending')
    await expect(send(ctx({ jobId: 'B1-r2' }))).resolves.toEqual<Outcome>({ status: 'uncertain' })
    expect(sends).toEqual(['r1'])
  })

  it('ledger: a failed send releases its claim, so a retry may send', async () => {
    const failing = ctx({ perform: async () => Promise.reject(new Error('no')) })
    await expect(composeSteps([ledger, perform])(failing)).rejects.toThrow('no')
    expect(await factory.client().get(keys.ledger('B1-r1'))).toBeNull()
  })

  it('pacing: after a send the next slot is the end of the send plus the interval; before it, the queue waits', async () => {
    const send = composeSteps([pacing, perform])
    await send(ctx())
    expect(Number(await factory.client().get(keys.pacingNextAt('t')))).toBe(NOW + 30 + 100)
    await expect(send(ctx())).rejects.toThrow(Worker.RateLimitError())
    expect(waits).toEqual([130])
    expect(sends).toEqual(['r1'])
  })

  it('pacing: a skipped job takes no slot', async () => {
    const skipped = composeSteps([pacing, async () => ({ status: 'skipped', why: 'already sent' })])
    await skipped(ctx())
    expect(await factory.client().get(keys.pacingNextAt('t'))).toBeNull()
  })

  it('breaker: opens after consecutive failed sends, pauses the queue and starts counting again; a send resets it', async () => {
    const send = composeSteps([breaker, perform])
    const failing = ctx({ perform: async () => Promise.reject(new Error('down')) })
    await expect(send(failing)).rejects.toThrow('down')
    await send(ctx())
    expect(await factory.client().get(keys.failures('t'))).toBe('0')
    await expect(send(failing)).rejects.toThrow('down')
    await expect(send(failing)).rejects.toThrow('down')
    expect(breakerOpened).toEqual([2])
    expect(waits).toEqual([500])
    expect(await factory.client().get(keys.failures('t'))).toBe('0')
  })

  it('daily cap: counts member sends and holds the one past the cap until tomorrow', async () => {
    const holds: number[] = []
    const send = composeSteps([holdDailyCap, perform])
    await send(ctx())
    await send(ctx())
    await send(ctx({ data: { action: { type: 'remove', roomId: 'r1', contactId: 'c' }, priority: 'moderation' } }))
    expect(await factory.client().get(keys.dailyCount('t', dayKey(NOW, 'Asia/Shanghai')))).toBe('2')
    await expect(send(ctx({ holdUntil: async (until) => void holds.push(until) }))).rejects.toThrow()
    expect(holds).toHaveLength(1)
    expect(holds[0]).toBeGreaterThan(NOW)
    expect(sends).toEqual(['r1', 'r1', 'remove'])
  })

  it('daily cap: HQ lines count toward the cap like any send, and still go out past it (issue 17)', async () => {
    const holds: number[] = []
    const send = composeSteps([holdDailyCap, perform])
    const hq = (over: Partial<OutboundStepContext> = {}) => ctx({ data: { action: { type: 'say', to: 'hq', text: '📋' }, priority: 'hq' }, ...over })
    await send(hq())
    await send(hq())
    // two HQ lines reached the cap of 2: the member's message waits for tomorrow
    await expect(send(ctx({ holdUntil: async (until) => void holds.push(until) }))).rejects.toThrow()
    expect(holds).toHaveLength(1)
    // an HQ line past the cap is not held (nor dropped): it goes, and is counted
    await send(hq({ holdUntil: async () => void holds.push(-1) }))
    expect(holds).toHaveLength(1)
    expect(sends).toEqual(['hq', 'hq', 'hq'])
    expect(await factory.client().get(keys.dailyCount('t', dayKey(NOW, 'Asia/Shanghai')))).toBe('3')
  })
})
