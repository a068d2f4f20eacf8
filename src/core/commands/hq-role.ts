/** The HQ roles, least first (docs/commands.md, "Who may command"). */
export type HqRole = 'viewer' | 'operator' | 'admin'

const roleRank: { readonly [R in HqRole]: number } = { viewer: 0, operator: 1, admin: 2 }

/** Whether someone holding `role` may use a command that needs `minRole`. */
export function roleAllows(role: HqRole, minRole: HqRole): boolean {
  return roleRank[role] >= roleRank[minRole]
}
