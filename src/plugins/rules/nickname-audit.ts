import { nicknameAudit, type NicknameAuditRow } from '../../core/rules'
import type { AppContext } from '../../feature'
import { rulesMessages } from '../../texts/rules'
import { scopeOf } from './group-scope'

export interface GroupNicknameAudit {
  roomId: string
  label: string
  example: string
  rows: NicknameAuditRow[]
  /** what HQ or the group's leaders read */
  text: string
}

/**
 * The members of a group whose nickname does not fit its pattern (exempt members left
 * out), read fresh from WeChat. For HQ (`#规则 查看 <群>`, the health report) and for the
 * group's leaders; undefined for a room that is not managed or has the rule off.
 */
export async function auditNicknames(ctx: AppContext, roomId: string): Promise<GroupNicknameAudit | undefined> {
  const scope = await scopeOf(ctx, roomId)
  if (!scope || !scope.policy.nickname.enabled) return undefined
  const rows = nicknameAudit(await ctx.view.members(roomId), scope.exempt, scope.policy.nickname)
  const example = scope.policy.nickname.example
  return {
    roomId,
    label: scope.label,
    example,
    rows,
    text: rulesMessages.nicknameAudit(scope.label, example, rows.map((r) => ({ id: r.member.id, shown: r.shown }))),
  }
}
