import pino from 'pino'
import type { InboundMessage } from '../../src/core/types'
import { createRedisHealth } from '../../src/store/redis-health'
import type { BotHandlers } from '../../src/wechat/adapter'
import { createEventHold } from '../../src/wechat/event-hold'
import { waitFor } from '../helpers/outbound'

/** The hold with a Redis that is "full" while `full` is true: the probe and the handler both fail then. */
function setup(cap: number) {
  const state = { full: false }
  const oom = () => new Error("OOM command not allowed when used memory > 'maxmemory'.")
  const health = createRedisHealth({
    probe: async () => {
      if (state.full) throw oom()
    },
    logger: pino({ level: 'silent' }),
    now: Date.now,
    retryMs: () => 5,
    maxRetryMs: () => 20,
  })
  const handled: string[] = []
  const handlers: BotHandlers = {
    async onMessage(m) {
      if (state.full) throw oom()
      if (m.text === 'bug') throw new Error('a bug, not an outage')
      handled.push(m.text)
    },
    onJoin: async () => undefined,
    onLeave: async () => undefined,
    onTopic: async () => undefined,
    onFriendRequest: async () => undefined,
    onLogin: async () => undefined,
    onLogout: async () => undefined,
  }
  const hold = createEventHold({ health, cap: () => cap, logger: pino({ level: 'silent' }) })
  const wrapped = hold.wrap(handlers)
  const say = (text: string) => wrapped.onMessage({ text } as InboundMessage)
  return { state, health, hold, say, handled }
}

describe('holding WeChat events while Redis fails', () => {
  it('keeps the failed event and every later one, and replays them in arrival order once Redis takes writes', async () => {
    const { state, health, hold, say, handled } = setup(100)
    await say('a')
    state.full = true
    await say('b') // fails: Redis is reported failing, b is held
    expect(health.state).toBe('failing')
    await Promise.all([say('c'), say('d')]) // held without being tried
    expect(hold.size()).toBe(3)
    expect(handled).toEqual(['a'])
    state.full = false
    await waitFor(() => hold.size() === 0)
    expect(handled).toEqual(['a', 'b', 'c', 'd'])
    expect(health.state).toBe('healthy')
    await say('e')
    expect(handled).toEqual(['a', 'b', 'c', 'd', 'e'])
    hold.stop()
    health.stop()
  })

  it('drops the oldest beyond its cap and counts them', async () => {
    const { state, health, hold, say, handled } = setup(3)
    state.full = true
    for (const t of ['1', '2', '3', '4', '5']) await say(t)
    expect(hold.size()).toBe(3)
    expect(hold.takeDropped()).toBe(2)
    expect(hold.takeDropped()).toBe(0)
    state.full = false
    await waitFor(() => hold.size() === 0)
    expect(handled).toEqual(['3', '4', '5'])
    hold.stop()
    health.stop()
  })

  it('lets errors that are not outages through, and a replayed one does not stop the replay', async () => {
    const { state, health, hold, say, handled } = setup(10)
    await expect(say('bug')).rejects.toThrow(/a bug/)
    expect(health.state).toBe('healthy')
    state.full = true
    await say('x')
    await say('bug')
    await say('y')
    state.full = false
    await waitFor(() => hold.size() === 0)
    expect(handled).toEqual(['x', 'y'])
    hold.stop()
    health.stop()
  })
})
