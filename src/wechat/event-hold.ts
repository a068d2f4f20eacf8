import type { Logger } from 'pino'
import type { RedisHealth } from '../store/redis-health'
import type { BotHandlers } from './adapter'

/**
 * WeChat does not re-deliver an event, so an event whose handling needs Redis while Redis
 * fails would be lost. The hold keeps such events (already plain data) in memory, in the
 * order they arrived, and replays them one by one once Redis takes writes again. While
 * Redis fails, or while held events wait, new events join the queue instead of running:
 * they would fail too, and must not overtake older ones.
 *
 * Bounded by a count: beyond it the oldest are dropped (one log line per outage, and a
 * count). A replayed event runs its handlers again from the start, so an event that had
 * done part of its work when Redis failed mid-way may repeat that part.
 */

interface Held {
  seq: number
  what: string
  run: () => Promise<void>
}

export interface EventHold {
  /** the same handlers, held while Redis fails */
  wrap(handlers: BotHandlers): BotHandlers
  /** events waiting or being replayed */
  size(): number
  /** events dropped since the last call (the HQ recovery note reports them) */
  takeDropped(): number
  stop(): void
}

export function createEventHold(deps: { health: RedisHealth; cap: () => number; logger: Logger }): EventHold {
  const { health, logger } = deps
  const held: Held[] = []
  let seq = 0
  let replaying = false
  let dropped = 0
  let droppedLogged = false
  let stopped = false

  function keep(item: Held): void {
    // keep arrival order: events run concurrently and may fail in another order
    let i = held.length
    while (i > 0 && held[i - 1]!.seq > item.seq) i--
    held.splice(i, 0, item)
    const cap = Math.max(1, deps.cap())
    if (held.length <= cap) return
    const over = held.length - cap
    held.splice(0, over)
    dropped += over
    if (!droppedLogged) {
      droppedLogged = true
      logger.warn({ cap }, 'held WeChat events exceed %d: dropping the oldest (the count is reported on recovery)', cap)
    }
  }

  async function run(what: string, fn: () => Promise<void>): Promise<void> {
    const item: Held = { seq: seq++, what, run: fn }
    if (stopped) return fn()
    if (health.state === 'failing' || held.length > 0 || replaying) return keep(item)
    try {
      await fn()
    } catch (err) {
      if (!health.report(err, what)) throw err
      keep(item)
    }
  }

  async function replay(): Promise<void> {
    if (replaying || !held.length) return
    replaying = true
    droppedLogged = false
    logger.info({ held: held.length }, 'replaying %d WeChat events held while Redis failed', held.length)
    try {
      while (held.length && health.state === 'healthy' && !stopped) {
        const item = held.shift()!
        try {
          await item.run()
        } catch (err) {
          if (health.report(err, `${item.what} (replayed)`)) {
            keep(item)
            break
          }
          logger.error({ err }, '%s failed (replayed)', item.what)
        }
      }
    } finally {
      replaying = false
    }
  }

  const unsubscribe = health.onChange((change) => {
    if (change.state === 'healthy') void replay()
  })

  return {
    wrap(handlers) {
      return {
        onMessage: (m) => run('message handling', () => handlers.onMessage(m)),
        onJoin: (e) => run('join handling', () => handlers.onJoin(e)),
        onLeave: (e) => run('leave handling', () => handlers.onLeave(e)),
        onTopic: (e) => run('topic handling', () => handlers.onTopic(e)),
        onFriendRequest: (e) => run('friend request handling', () => handlers.onFriendRequest(e)),
        onLogin: (selfId) => run('login handling', () => handlers.onLogin(selfId)),
        onLogout: () => run('logout handling', () => handlers.onLogout()),
      }
    },
    size: () => held.length + (replaying ? 1 : 0),
    takeDropped() {
      const n = dropped
      dropped = 0
      return n
    },
    stop() {
      stopped = true
      unsubscribe()
    },
  }
}
