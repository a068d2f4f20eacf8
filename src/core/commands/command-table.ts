/**
 * The HQ commands: canonical name, Chinese word, English alias, the least role that may
 * use each (spec/commands.md, "Who may command") and which a group leader may use in
 * their own group.
 */

export const commandNames = [
  'help',
  'broadcast',
  'forward',
  'confirm',
  'cancel',
  'progress',
  'retry',
  'schedule',
  'schedules',
  'unschedule',
  'groups',
  'tag',
  'report',
  'reply',
  'ban',
  'unban',
  'bans',
  'remove',
  'warn',
  'rules',
  'points',
  'invites',
  'silent',
  'ad',
  'notad',
  'codes',
  'accounts',
  'console',
] as const

export type CommandName = (typeof commandNames)[number]

export type HqRole = 'viewer' | 'operator' | 'admin'

export interface CommandEntry {
  name: CommandName
  /** Chinese command word, without the sigil */
  word: string
  /** English alias, lower case, without the sigil */
  alias: string
  minRole: HqRole
  /** a group leader may use it inside their own group */
  leaderInOwnGroup: boolean
}

type EntryData = Omit<CommandEntry, 'name' | 'leaderInOwnGroup'> & { leaderInOwnGroup?: true }

// `warn` is in none of the spec's role lists, so it falls under admin's "everything".
const entries: { readonly [N in CommandName]: EntryData } = {
  help: { word: '帮助', alias: 'help', minRole: 'viewer' },
  broadcast: { word: '广播', alias: 'broadcast', minRole: 'operator' },
  forward: { word: '转发', alias: 'forward', minRole: 'operator' },
  confirm: { word: '确认', alias: 'confirm', minRole: 'operator' },
  cancel: { word: '取消', alias: 'cancel', minRole: 'operator' },
  progress: { word: '进度', alias: 'progress', minRole: 'viewer' },
  retry: { word: '重发', alias: 'retry', minRole: 'operator' },
  schedule: { word: '定时', alias: 'schedule', minRole: 'operator' },
  schedules: { word: '定时列表', alias: 'schedules', minRole: 'viewer' },
  unschedule: { word: '删除定时', alias: 'unschedule', minRole: 'operator' },
  groups: { word: '群列表', alias: 'groups', minRole: 'viewer' },
  tag: { word: '标签', alias: 'tag', minRole: 'operator' },
  report: { word: '报告', alias: 'report', minRole: 'viewer' },
  reply: { word: '回复', alias: 'reply', minRole: 'operator' },
  ban: { word: '黑名单', alias: 'ban', minRole: 'admin' },
  unban: { word: '解除黑名单', alias: 'unban', minRole: 'admin' },
  bans: { word: '黑名单列表', alias: 'bans', minRole: 'viewer' },
  accounts: { word: '账号', alias: 'accounts', minRole: 'viewer' },
  remove: { word: '移出', alias: 'remove', minRole: 'admin', leaderInOwnGroup: true },
  warn: { word: '警告', alias: 'warn', minRole: 'admin', leaderInOwnGroup: true },
  rules: { word: '规则', alias: 'rules', minRole: 'admin' },
  points: { word: '积分榜', alias: 'points', minRole: 'viewer' },
  invites: { word: '邀请榜', alias: 'invites', minRole: 'viewer' },
  silent: { word: '潜水', alias: 'silent', minRole: 'viewer' },
  ad: { word: '广告', alias: 'ad', minRole: 'operator' },
  notad: { word: '误判', alias: 'notad', minRole: 'operator' },
  codes: { word: '入群码', alias: 'codes', minRole: 'operator' },
  console: { word: '控制台', alias: 'console', minRole: 'viewer' },
}

export const commandTable: readonly CommandEntry[] = commandNames.map((name) => commandEntry(name))

export function commandEntry(name: CommandName): CommandEntry {
  const data = entries[name]
  return { name, ...data, leaderInOwnGroup: data.leaderInOwnGroup ?? false }
}

/** The command whose Chinese word or English alias (any case) is exactly `word`. */
export function findCommand(word: string): CommandEntry | undefined {
  const lower = word.toLowerCase()
  return commandTable.find((c) => c.word === word || c.alias === lower)
}

/** The command whose word is the longest prefix of `word` (e.g. `广播全部`), with its length. */
export function findCommandByPrefix(word: string): { entry: CommandEntry; length: number } | undefined {
  const lower = word.toLowerCase()
  let best: { entry: CommandEntry; length: number } | undefined
  for (const entry of commandTable) {
    for (const form of [entry.word, entry.alias]) {
      const matches = form === entry.word ? word.startsWith(form) : lower.startsWith(form)
      if (matches && form.length > (best?.length ?? 0)) best = { entry, length: form.length }
    }
  }
  return best
}

const roleRank: { readonly [R in HqRole]: number } = { viewer: 0, operator: 1, admin: 2 }

/** Whether someone holding `role` may use a command that needs `minRole`. */
export function roleAllows(role: HqRole, minRole: HqRole): boolean {
  return roleRank[role] >= roleRank[minRole]
}
