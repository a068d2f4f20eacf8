import { nicknameVerdict } from '../nickname'
import type { RuleCheck } from './check'

/**
 * A nickname reminder or warning on a message (`nicknameVerdict`, which the join check uses
 * too), when the caller set `input.nickname` (it leaves it out while a reminder is recent).
 * Its strikes are its own per room (`nickname.action`), kept by the nickname checks.
 */
export const nicknameCheck: RuleCheck<'nickname'> = {
  rule: 'nickname',
  spam: false,
  offence({ message, policy, nickname, now }) {
    if (!nickname || message.roomId === undefined) return undefined
    return nicknameVerdict({
      member: { id: message.fromId, name: message.fromName, alias: message.fromAlias },
      roomId: message.roomId,
      policy,
      strikes: nickname.strikes,
      now,
      joinedAt: nickname.joinedAt,
    })
  },
}
