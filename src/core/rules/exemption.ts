/** Who a group's rules never act on, as plain data gathered by the caller. */
export interface ExemptContext {
  /** the bot's own contact id (undefined before login) */
  botId: string | undefined
  ownerId?: string | undefined
  adminIds: readonly string[]
  /** the group's `leaders` from config */
  leaders: readonly string[]
  /** every contact holding an HQ role (core/roles `roleHolders`) */
  roleHolders: ReadonlySet<string>
  /** the group's effective `rules.exempt` */
  exempt: readonly string[]
}

export type ExemptionReason = 'bot' | 'owner' | 'admin' | 'leader' | 'hq-role' | 'exempt'

/** Why `memberId` is exempt from the rules, or undefined when the rules apply to them. */
export function exemptionOf(memberId: string, ctx: ExemptContext): ExemptionReason | undefined {
  if (ctx.botId !== undefined && memberId === ctx.botId) return 'bot'
  if (ctx.ownerId !== undefined && memberId === ctx.ownerId) return 'owner'
  if (ctx.adminIds.includes(memberId)) return 'admin'
  if (ctx.leaders.includes(memberId)) return 'leader'
  if (ctx.roleHolders.has(memberId)) return 'hq-role'
  if (ctx.exempt.includes(memberId)) return 'exempt'
  return undefined
}

/** Owner, admins, leaders, HQ role holders, `rules.exempt` and the bot itself are never acted on. */
export function isExempt(memberId: string, ctx: ExemptContext): boolean {
  return exemptionOf(memberId, ctx) !== undefined
}
