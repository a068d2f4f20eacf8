import type { Redis } from 'ioredis'
import { ttlMsOf, type Keys } from '../store/keys'
import { CLAIM_SCRIPT, MOVE_SCRIPT, REAP_SCRIPT } from './claim-script'

/**
 * One serving account per room among the accounts that are in it (issue 11). Every
 * process asks Redis (one script, atomic), so three accounts that see the same message
 * agree on the one that handles it. What lives in Redis: `acct:serving` (room → account),
 * `acct:load` (account → rooms served), `acct:online` (account → since), `acct:lease`
 * (account → when its presence expires unless its process refreshes it), `acct:rooms:<a>`
 * (the rooms each account is in).
 */
export interface ServingDeps {
  redis: Redis
  keys: Keys
  /** this process's account */
  account: string
  /** the configured accounts (`accounts.list[].id`); the online ones are added */
  configured: () => string[]
  /** `groups.list[].accounts` of the room: its preferred accounts, in order */
  preferred: (roomId: string) => string[]
  now: () => number
  /** how long an account stays online without its process refreshing its lease (`accounts.leaseMs`) */
  leaseMs: () => number
}

export function createServing(deps: ServingDeps) {
  const { redis, keys, account } = deps

  async function candidates(roomId: string): Promise<{ list: string[]; npref: number }> {
    const online = await redis.hkeys(keys.accountsOnline())
    const pref = deps.preferred(roomId)
    const rest = [...new Set([...deps.configured(), ...online])].filter((a) => !pref.includes(a)).sort()
    return { list: [...pref, ...rest], npref: pref.length }
  }

  /** the room's serving account (deciding it if needed), or undefined when no account online is in it */
  async function resolve(roomId: string): Promise<string | undefined> {
    const { list, npref } = await candidates(roomId)
    const keyList = [keys.serving(), keys.accountsOnline(), keys.servingLoad(), ...list.map((a) => keys.accountRooms(a))]
    const got = (await redis.eval(CLAIM_SCRIPT, keyList.length, ...keyList, roomId, String(npref), ...list)) as string | null
    return got ?? undefined
  }

  return {
    account,
    resolve,
    /** whether this account handles the room's events and sends to it */
    async mine(roomId: string): Promise<boolean> {
      return (await resolve(roomId)) === account
    },
    /**
     * The first account to claim a room message handles it: a message all accounts heard
     * while its room's serving account changed (a failover) is still handled once.
     */
    async claimMessage(messageId: string): Promise<boolean> {
      return (await redis.set(keys.messageClaimed(messageId), account, 'PX', ttlMsOf('messageClaimed'), 'NX')) === 'OK'
    },
    /** at login: this account is online and in these rooms */
    async online(roomIds: string[], selfId?: string): Promise<void> {
      const roomsKey = keys.accountRooms(account)
      const m = redis.multi().del(roomsKey)
      if (roomIds.length) m.sadd(roomsKey, ...roomIds)
      m.hset(keys.accountsOnline(), account, String(deps.now()))
        .zadd(keys.accountLeases(), deps.now() + deps.leaseMs(), account)
        .hsetnx(keys.accountInfo(account), 'firstSeen', String(deps.now()))
        .hdel(keys.accountInfo(account), 'offlineSince')
      if (selfId) m.hset(keys.accountSelves(), account, selfId)
      await m.exec()
    },
    /** the WeChat ids of every account */
    async selves(): Promise<string[]> {
      return redis.hvals(keys.accountSelves())
    },
    /** the account joined or left a room */
    async inRoom(roomId: string, present: boolean): Promise<void> {
      if (present) await redis.sadd(keys.accountRooms(account), roomId)
      else await redis.srem(keys.accountRooms(account), roomId)
    },
    /** logged out, banned or given up: its rooms are served by others from now on */
    async offline(error?: string): Promise<void> {
      const m = redis.multi().hdel(keys.accountsOnline(), account).zrem(keys.accountLeases(), account).hset(keys.accountInfo(account), 'offlineSince', String(deps.now()))
      if (error) m.hset(keys.accountInfo(account), 'lastError', error, 'lastErrorAt', String(deps.now()))
      await m.exec()
    },
    /**
     * This account's process is alive: its lease runs `leaseMs` from now. An account taken
     * offline while alive (a stalled process) is online again; its groups stay where they went.
     */
    async refreshLease(): Promise<{ back: boolean }> {
      const res = await redis
        .multi()
        .zadd(keys.accountLeases(), deps.now() + deps.leaseMs(), account)
        .hsetnx(keys.accountsOnline(), account, String(deps.now()))
        .exec()
      const back = res?.[1]?.[1] === 1
      if (back) await redis.hdel(keys.accountInfo(account), 'offlineSince')
      return { back }
    },
    /** the other accounts whose lease expired, now offline: each is this process's alone to fail over */
    async reapExpired(): Promise<{ account: string; expiredAt: number }[]> {
      const flat = (await redis.eval(REAP_SCRIPT, 2, keys.accountLeases(), keys.accountsOnline(), String(deps.now()), account)) as string[]
      const reaped: { account: string; expiredAt: number }[] = []
      for (let i = 0; i + 1 < flat.length; i += 2) reaped.push({ account: flat[i]!, expiredAt: Number(flat[i + 1]) })
      for (const r of reaped) await redis.hset(keys.accountInfo(r.account), 'offlineSince', String(r.expiredAt))
      return reaped
    },
    async noteError(error: string): Promise<void> {
      await redis.hset(keys.accountInfo(account), 'lastError', error, 'lastErrorAt', String(deps.now()))
    },
    /** rooms currently assigned to `who` */
    async servedBy(who: string): Promise<string[]> {
      const all = await redis.hgetall(keys.serving())
      return Object.entries(all).filter(([, a]) => a === who).map(([room]) => room)
    },
    /** moves a room to `to` if `from` serves it now (compare-and-set) */
    async move(roomId: string, from: string, to: string): Promise<boolean> {
      return (await redis.eval(MOVE_SCRIPT, 2, keys.serving(), keys.servingLoad(), roomId, to, from)) === 1
    },
    /** other online accounts that are in these rooms (a room another account holds stays present) */
    async heldElsewhere(roomIds: string[]): Promise<Set<string>> {
      const held = new Set<string>()
      if (!roomIds.length) return held
      for (const other of await redis.hkeys(keys.accountsOnline())) {
        if (other === account) continue
        const flags = await redis.smismember(keys.accountRooms(other), ...roomIds)
        roomIds.forEach((r, i) => flags[i] && held.add(r))
      }
      return held
    },
  }
}

export type Serving = ReturnType<typeof createServing>
