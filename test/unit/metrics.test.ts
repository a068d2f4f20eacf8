import pino from 'pino'
import type { InboundMessage } from '../../src/core/types'
import { createMetrics } from '../../src/metrics/metrics'
import { createRedisHealth, type RedisHealthChange } from '../../src/store/redis-health'
import type { BotHandlers } from '../../src/wechat/adapter'
import { countHandledMessages, countRedisErrors } from '../../src/wiring/app-metrics'
import { sample } from '../helpers/metrics-text'

describe('metrics', () => {
  it('gives each app its own registry: two in one process count apart', async () => {
    const a = createMetrics()
    const b = createMetrics()
    expect(a.registry).not.toBe(b.registry)
    a.sendOutcome('say', 'sent')
    a.sendOutcome('say', 'sent')
    b.sendOutcome('remove', 'failed')
    const [ta, tb] = [await a.metrics(), await b.metrics()]
    expect(sample(ta, 'qunhq_sends_total', { type: 'say', outcome: 'sent' })).toBe(2)
    expect(sample(ta, 'qunhq_sends_total', { type: 'remove', outcome: 'failed' })).toBe(0)
    expect(sample(tb, 'qunhq_sends_total', { type: 'remove', outcome: 'failed' })).toBe(1)
    expect(sample(tb, 'qunhq_sends_total', { type: 'say', outcome: 'sent' })).toBe(0)
    expect(a.contentType).toMatch(/^text\/plain/)
  })

  it('adds the process metrics only when asked', async () => {
    expect(await createMetrics().metrics()).not.toMatch(/process_cpu/)
    expect(await createMetrics({ processMetrics: true }).metrics()).toMatch(/process_cpu_user_seconds_total/)
  })

  it('shows the breaker open for its pause, closed after it or once a send went through', async () => {
    let now = 1_000
    const m = createMetrics({ now: () => now })
    m.breakerClosed('a1')
    expect(sample(await m.metrics(), 'qunhq_breaker_open', { account: 'a1' })).toBe(0)
    m.breakerOpened('a1', 600)
    let text = await m.metrics()
    expect(sample(text, 'qunhq_breaker_open', { account: 'a1' })).toBe(1)
    expect(sample(text, 'qunhq_breaker_openings_total', { account: 'a1' })).toBe(1)
    now += 600
    expect(sample(await m.metrics(), 'qunhq_breaker_open', { account: 'a1' })).toBe(0)
    m.breakerOpened('a1', 600)
    m.breakerClosed('a1')
    text = await m.metrics()
    expect(sample(text, 'qunhq_breaker_open', { account: 'a1' })).toBe(0)
    expect(sample(text, 'qunhq_breaker_openings_total', { account: 'a1' })).toBe(2)
  })

  it('reads queue depths at scrape time; a queue it cannot read is left out, the scrape still answers', async () => {
    const m = createMetrics()
    let depth = 3
    m.watchQueue('out-a', async () => depth)
    const unwatch = m.watchQueue('ctl', async () => Promise.reject(new Error('Connection is closed.')))
    let text = await m.metrics()
    expect(sample(text, 'qunhq_outbound_queue_depth', { queue: 'out-a' })).toBe(3)
    expect(text).not.toMatch(/queue="ctl"/)
    depth = 0
    unwatch()
    text = await m.metrics()
    expect(sample(text, 'qunhq_outbound_queue_depth', { queue: 'out-a' })).toBe(0)
  })

  it('observes pacing gaps in seconds, never negative', async () => {
    const m = createMetrics()
    m.pacingGap(0.25)
    m.pacingGap(-0.01)
    const text = await m.metrics()
    expect(sample(text, 'qunhq_pacing_gap_seconds_count')).toBe(2)
    expect(sample(text, 'qunhq_pacing_gap_seconds_bucket', { le: '0.05' })).toBe(1)
    expect(sample(text, 'qunhq_pacing_gap_seconds_bucket', { le: '0.2' })).toBe(1)
    expect(sample(text, 'qunhq_pacing_gap_seconds_bucket', { le: '0.5' })).toBe(2)
  })

  it('counts messages by where they came from, once each went through the chain', async () => {
    const m = createMetrics()
    const handled: string[] = []
    const noop = async () => undefined
    const handlers: BotHandlers = {
      onMessage: async (msg) => {
        if (msg.text === 'boom') throw new Error('OOM command not allowed')
        handled.push(msg.id)
      },
      onJoin: noop,
      onLeave: noop,
      onTopic: noop,
      onFriendRequest: noop,
      onLogin: noop,
      onLogout: noop,
    }
    const counted = countHandledMessages(handlers, m, () => ['hq@chatroom'])
    const msg = (id: string, roomId: string | undefined, text = 'hi') => ({ id, roomId, fromId: 'wxid_a', text }) as unknown as InboundMessage
    await counted.onMessage(msg('1', 'hq@chatroom'))
    await counted.onMessage(msg('2', 'g1@chatroom'))
    await counted.onMessage(msg('3', 'g2@chatroom'))
    await counted.onMessage(msg('4', undefined))
    // a message that failed on a Redis outage is held and replayed: counted when it is handled
    await expect(counted.onMessage(msg('5', 'g1@chatroom', 'boom'))).rejects.toThrow('OOM')
    const text = await m.metrics()
    expect(handled).toEqual(['1', '2', '3', '4'])
    expect(sample(text, 'qunhq_messages_handled_total', { kind: 'hq' })).toBe(1)
    expect(sample(text, 'qunhq_messages_handled_total', { kind: 'group' })).toBe(2)
    expect(sample(text, 'qunhq_messages_handled_total', { kind: 'private' })).toBe(1)
  })

  it('counts every Redis outage error the health watch took, the ones it did not log too', async () => {
    const m = createMetrics()
    let probeOk = false
    const health = createRedisHealth({
      probe: async () => {
        if (!probeOk) throw new Error('still down')
      },
      logger: pino({ level: 'silent' }),
      now: Date.now,
      retryMs: () => 1,
      maxRetryMs: () => 5,
    })
    const stops = countRedisErrors(m, health)
    try {
      const full = () => new Error('OOM command not allowed when used memory > maxmemory')
      expect(health.report(full(), 'test')).toBe(true)
      expect(sample(await m.metrics(), 'qunhq_redis_errors_total', { kind: 'full' })).toBe(1)
      health.report(full(), 'test')
      health.report(full(), 'test')
      expect(health.report(new Error('a bug, not an outage'), 'test')).toBe(false)
      expect(sample(await m.metrics(), 'qunhq_redis_errors_total', { kind: 'full' })).toBe(3)
      const recovered = new Promise<RedisHealthChange>((done) => health.onChange(done))
      health.report(full(), 'test')
      probeOk = true
      expect((await recovered).state).toBe('healthy')
      health.report(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }), 'test')
      const text = await m.metrics()
      expect(sample(text, 'qunhq_redis_errors_total', { kind: 'full' })).toBe(4)
      expect(sample(text, 'qunhq_redis_errors_total', { kind: 'connection' })).toBe(1)
    } finally {
      for (const stop of stops) stop()
      health.stop()
    }
  })
})
