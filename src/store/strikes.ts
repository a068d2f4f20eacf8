import type { Redis } from 'ioredis'
import { createKeys, ttlMsOf } from './keys'

/**
 * Strike counts, kept small with TTLs:
 * - spam strikes per member across every managed group (ads, cross-group spam, flood and
 *   leaders' #警告 share one count: a warning from the bot is a warning wherever it was given);
 * - nickname notices per member and room (reminders and warnings so far);
 * - the strikes of a rule that keeps its own count, per rule, member and room (voice: a
 *   check with `counted`, core/rules/checks).
 * Dry-run counts live apart (`strikes-dry`), so a dry run shows escalation without leaving
 * strikes behind when the rules go live.
 */
const SPAM_TTL_S = ttlMsOf('spamStrikes') / 1000
const NICKNAME_TTL_S = ttlMsOf('nickStrikes') / 1000
const RULE_TTL_S = ttlMsOf('ruleStrikes') / 1000

export function createStrikes(redis: Redis, prefix: string) {
  const keys = createKeys(prefix)
  const spamKey = keys.spamStrikes
  const nicknameKey = keys.nickStrikes
  const ruleKey = keys.ruleStrikes
  const num = (s: string | null) => (s === null ? 0 : Number(s) || 0)

  return {
    async spam(memberId: string, dry = false): Promise<number> {
      return num(await redis.get(spamKey(memberId, dry)))
    },
    async setSpam(memberId: string, strikes: number, dry = false): Promise<void> {
      await redis.set(spamKey(memberId, dry), String(strikes), 'EX', SPAM_TTL_S)
    },
    /** one more spam strike (a leader's #警告); returns the new count */
    async addSpam(memberId: string, dry = false): Promise<number> {
      const key = spamKey(memberId, dry)
      const res = await redis.multi().incr(key).expire(key, SPAM_TTL_S).exec()
      return Number(res?.[0]?.[1] ?? 0)
    },
    async nickname(roomId: string, memberId: string, dry = false): Promise<number> {
      return num(await redis.get(nicknameKey(roomId, memberId, dry)))
    },
    /** one more nickname notice; returns the new count */
    async addNickname(roomId: string, memberId: string, dry = false): Promise<number> {
      const key = nicknameKey(roomId, memberId, dry)
      const res = await redis.multi().incr(key).expire(key, NICKNAME_TTL_S).exec()
      return Number(res?.[0]?.[1] ?? 0)
    },
    /** `rule`'s strikes of the member in the room */
    async rule(rule: string, roomId: string, memberId: string, dry = false): Promise<number> {
      return num(await redis.get(ruleKey(rule, roomId, memberId, dry)))
    },
    async setRule(rule: string, roomId: string, memberId: string, strikes: number, dry = false): Promise<void> {
      await redis.set(ruleKey(rule, roomId, memberId, dry), String(strikes), 'EX', RULE_TTL_S)
    },
    /** the member fixed their nickname: a later slip starts again with a reminder */
    async clearNickname(roomId: string, memberId: string): Promise<void> {
      await redis.del(nicknameKey(roomId, memberId, false), nicknameKey(roomId, memberId, true))
    },
  }
}

export type Strikes = ReturnType<typeof createStrikes>
