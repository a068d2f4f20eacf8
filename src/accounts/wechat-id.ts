import type { Redis } from 'ioredis'
import type { Keys } from '../store/keys'

/**
 * The WeChat id an account is (issue 17): recorded at its first login (`wechatId` in
 * `acct:info:<account>`), checked at every later one, so a process whose puppet logs in as
 * another WeChat account never serves under this account's name. `rebind` records the new
 * id instead (an operator who really replaced the account's WeChat).
 */
export async function bindWechatId(redis: Redis, keys: Keys, account: string, wechatId: string, rebind: boolean): Promise<{ ok: true } | { ok: false; known: string }> {
  const key = keys.accountInfo(account)
  if (rebind) await redis.hset(key, 'wechatId', wechatId)
  else await redis.hsetnx(key, 'wechatId', wechatId)
  const known = await redis.hget(key, 'wechatId')
  return known === null || known === wechatId ? { ok: true } : { ok: false, known }
}
