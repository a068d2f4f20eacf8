import { callFailure, classifyRefusal } from '../core/refusal'
import type { Redis } from 'ioredis'
import type { Config, OutboundConfig } from '../config/schema'
import type { Keys } from '../store/keys'
import type { OnBadValue } from '../store/stored-json'
import { accountOutbound } from './account-outbound'
import { createServing, type Serving } from './serving'
import { createAccountStatus, type AccountStatus } from './account-status'
import { movedAway, type MovedAway } from './moved-away'
import { accountHeld } from './account-lease'

/**
 * This process's account among several (issue 11). With one account and no `accounts:`
 * in the config it is off: every room is this account's, and nothing is read from Redis.
 */
export interface Fleet {
  account: string
  /** several accounts share the system: rooms have serving accounts */
  enabled(): boolean
  serving: Serving
  /** what Redis knows of each account (`#账号`) */
  status: AccountStatus
  /** the groups failed over away from an account, for `#账号 回切` */
  movedAway(account: string): MovedAway
  /** the account whose queue takes an action aimed at `target` (a room or a contact) */
  route(target: string | undefined): Promise<string>
  /** whether this account handles the events of the room */
  handles(roomId: string | undefined): Promise<boolean>
  /** whether this account handles this message: its room's serving account, and the first to claim it */
  handlesMessage(roomId: string | undefined, messageId: string, fromId: string): Promise<boolean>
  /** this account's pacing and cap (its own overrides, warm-up) */
  outbound(): OutboundConfig
  /** at login: online, in these rooms; learns the account's age for warm-up */
  loggedIn(roomIds: string[], selfId?: string): Promise<void>
  /** a WeChat call of this account: a failure is its last error; a refusal (ban, rate limit) is told to `onRefused` */
  watchSend<T>(call: () => Promise<T>): Promise<T>
  onRefused(listener: (error: string) => void): void
  /** this process's Redis connection is closed for good (stopped or abandoned) */
  closed(): boolean
  /** whether some process holds `account` now (its account lease, issue 17): none means its BullMQ locks are orphaned */
  held(account: string): Promise<boolean>
}

export function createFleet(deps: {
  redis: Redis
  keys: Keys
  account: string
  config: () => Config
  now: () => number
  /** several accounts even without `accounts.list` (the simulator's multi-bot worlds) */
  multiAccount?: boolean
  /** a stored value that does not read (logged, read as missing) */
  onBad: OnBadValue
}): Fleet {
  const { config, account } = deps
  let firstSeen: number | undefined
  const enabled = () => deps.multiAccount === true || config().accounts.list.length > 0
  const serving = createServing({
    redis: deps.redis,
    keys: deps.keys,
    account,
    now: deps.now,
    configured: () => config().accounts.list.map((a) => a.id),
    preferred: (roomId) => config().groups.list.find((g) => g.room === roomId)?.accounts ?? [],
    leaseMs: () => config().accounts.leaseMs,
  })
  const isRoom = (id: string) => id.includes('@')
  const refusedListeners: ((error: string) => void)[] = []
  /** the breaker (outbound/steps/breaker.ts) opened and no send has succeeded for `failoverAfterMs` since */
  async function breakerOpenTooLong(): Promise<boolean> {
    const raw = await deps.redis.get(deps.keys.breakerOpenSince(account)).catch(() => null)
    return raw !== null && deps.now() - Number(raw) >= config().accounts.failoverAfterMs
  }
  return {
    account,
    enabled,
    serving,
    status: createAccountStatus(deps.redis, deps.keys, () => config().accounts.list.map((a) => a.id)),
    movedAway: (who) => movedAway(deps.redis, deps.keys, who, deps.onBad),
    async route(target) {
      if (!enabled() || !target || !isRoom(target)) return account
      return (await serving.resolve(target)) ?? (await deps.redis.hget(deps.keys.serving(), target)) ?? account
    },
    async handles(roomId) {
      if (!enabled() || !roomId) return true
      return serving.mine(roomId)
    },
    async handlesMessage(roomId, messageId, fromId) {
      if (!enabled() || !roomId) return true
      // another of our accounts speaking (a send seen by its siblings) is never a member's message
      if ((await serving.selves()).includes(fromId)) return false
      return (await serving.mine(roomId)) && (await serving.claimMessage(messageId))
    },
    outbound: () => accountOutbound(config(), account, enabled() && firstSeen !== undefined ? deps.now() - firstSeen : undefined),
    async loggedIn(roomIds, selfId) {
      if (!enabled()) return
      await serving.online(roomIds, selfId)
      firstSeen = Number(await deps.redis.hget(deps.keys.accountInfo(account), 'firstSeen')) || deps.now()
    },
    async watchSend(call) {
      try {
        return await call()
      } catch (err) {
        const failure = callFailure(err)
        if (enabled()) {
          await serving.noteError(failure.message).catch(() => undefined)
          // refused by WeChat (ban, rate limit), or the breaker open for longer than failoverAfterMs
          if (classifyRefusal(failure) || (await breakerOpenTooLong())) for (const l of refusedListeners) l(failure.message)
        }
        throw err
      }
    },
    onRefused(listener) {
      refusedListeners.push(listener)
    },
    closed: () => deps.redis.status === 'end',
    held: (who) => accountHeld(deps.redis, deps.keys, who),
  }
}
