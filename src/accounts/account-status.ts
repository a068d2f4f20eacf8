import type { Redis } from 'ioredis'
import type { Keys } from '../store/keys'

/** What Redis knows of one account, for `#账号`. */
export interface AccountFacts {
  id: string
  onlineSince: number | undefined
  offlineSince: number | undefined
  firstSeen: number | undefined
  served: number
  /** consecutive failed sends (`out:<id>:failures`) */
  failures: number
  /** the breaker opened and no send has succeeded since (`out:<id>:open-since`) */
  breakerOpen: boolean
  sentToday: number
  lastError: string | undefined
}

const num = (v: string | null | undefined) => (v ? Number(v) || undefined : undefined)

export function createAccountStatus(redis: Redis, keys: Keys, configured: () => string[]) {
  return {
    /** every account the system knows: configured, online, or serving rooms */
    async ids(): Promise<string[]> {
      const ids = new Set([...configured(), ...(await redis.hkeys(keys.accountsOnline())), ...(await redis.hkeys(keys.servingLoad()))])
      return [...ids].sort()
    },
    async facts(id: string, day: string): Promise<AccountFacts> {
      const [onlineSince, info, served, failures, sent, openSince] = await Promise.all([
        redis.hget(keys.accountsOnline(), id),
        redis.hgetall(keys.accountInfo(id)),
        redis.hget(keys.servingLoad(), id),
        redis.get(keys.failures(id)),
        redis.get(keys.dailyCount(id, day)),
        redis.get(keys.breakerOpenSince(id)),
      ])
      return {
        id,
        onlineSince: num(onlineSince),
        offlineSince: num(info.offlineSince),
        firstSeen: num(info.firstSeen),
        served: Math.max(0, Number(served) || 0),
        failures: Number(failures) || 0,
        breakerOpen: openSince !== null,
        sentToday: Number(sent) || 0,
        lastError: info.lastError,
      }
    },
    /** when the account went offline (logged out, refused, or its lease expired); undefined while online or never seen */
    async offlineSince(id: string): Promise<number | undefined> {
      return num(await redis.hget(keys.accountInfo(id), 'offlineSince'))
    },
    async isOnline(id: string): Promise<boolean> {
      return (await redis.hexists(keys.accountsOnline(), id)) === 1
    },
    async inRoom(id: string, roomId: string): Promise<boolean> {
      return (await redis.sismember(keys.accountRooms(id), roomId)) === 1
    },
    /** broadcasts that may be running (the active set; their records say whether they are) */
    activeBroadcastIds: (): Promise<string[]> => redis.smembers(keys.broadcastsActive()),
  }
}

export type AccountStatus = ReturnType<typeof createAccountStatus>
