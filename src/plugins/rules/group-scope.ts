export { jobIdPart } from '../../queue/job-id'
import type { RulesPolicy } from '../../config/schema'
import { groupLabel, type ManagedGroup } from '../../core/groups'
import { roleHolders } from '../../core/roles'
import { effectivePolicy, exemptionOf, type ExemptionReason } from '../../core/rules'
import type { GroupInfo } from '../../core/types'
import type { AppContext } from '../../feature'

/** One managed group as the rules see it: its effective policy, who is exempt, how HQ names it. */
export interface GroupScope {
  roomId: string
  group: ManagedGroup
  /** WeChat's facts (owner, admins, topic); undefined when the room is gone */
  info: GroupInfo | undefined
  label: string
  policy: RulesPolicy
  dryRun: boolean
  exemption(memberId: string): ExemptionReason | undefined
  exempt(memberId: string): boolean
}

/** Builds scopes; pass `groups` when one event looks at many groups (one registry read). */
export async function scopeOf(ctx: AppContext, roomId: string, groups?: ManagedGroup[]): Promise<GroupScope | undefined> {
  const group = (groups ?? (await ctx.groups())).find((g) => g.roomId === roomId)
  if (!group) return undefined
  const config = ctx.config()
  const policy = effectivePolicy(config.rules, group.entry?.rules)
  const info = await ctx.view.group(roomId)
  const holders = roleHolders(config)
  const exemption = (memberId: string) =>
    exemptionOf(memberId, {
      botId: ctx.view.selfId(),
      ownerId: info?.ownerId,
      adminIds: info?.adminIds ?? [],
      leaders: group.leaders,
      roleHolders: holders,
      exempt: policy.exempt,
    })
  return {
    roomId,
    group,
    info,
    label: groupLabel({ key: group.key, topic: info?.topic ?? group.topic }),
    policy,
    dryRun: policy.dryRun,
    exemption,
    exempt: (memberId) => exemption(memberId) !== undefined,
  }
}
