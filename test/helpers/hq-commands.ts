/**
 * Every HQ command the default plugins declare, for the parser's pure tests (no app). The
 * closed table is gone from src/: each declaration lives beside its handler. That this list
 * is exactly what a running bot registers is checked in test/e2e/commands-doc.test.ts.
 */
import { commandLookup, type CommandSpec, type Parsed } from '../../src/core/commands/command-spec'
import { pointsCommand, reportCommand } from '../../src/analytics/report-commands'
import { invitesCommand } from '../../src/analytics/invite-board-command'
import { silentCommand } from '../../src/analytics/silent-command'
import { codesCommand } from '../../src/entry/codes-command'
import { accountsCommand } from '../../src/fleet/account-commands'
import { broadcastCommand, cancelCommand, confirmCommand, forwardCommand, progressCommand, retryCommand } from '../../src/hq/broadcast-commands'
import { consoleCommandSpec } from '../../src/hq/console-command'
import { groupsCommand, rulesCommand, tagCommand } from '../../src/hq/group-commands'
import { helpCommand } from '../../src/hq/help-command'
import { replyCommand } from '../../src/hq/reply-command'
import { banCommand, bansCommand, unbanCommand } from '../../src/rules/blacklist-commands'
import { removeCommand, warnCommand } from '../../src/rules/leader-commands'
import { adCommand, notadCommand } from '../../src/rules/moderation-commands'
import { announceCommand } from '../../src/plugins/announce/announce-command'
import { scheduleCommand, schedulesCommand, unscheduleCommand } from '../../src/schedule/schedule-commands'

export const hqCommands = [
  helpCommand,
  broadcastCommand,
  forwardCommand,
  confirmCommand,
  cancelCommand,
  progressCommand,
  retryCommand,
  scheduleCommand,
  schedulesCommand,
  unscheduleCommand,
  groupsCommand,
  tagCommand,
  reportCommand,
  replyCommand,
  banCommand,
  unbanCommand,
  bansCommand,
  removeCommand,
  warnCommand,
  rulesCommand,
  pointsCommand,
  invitesCommand,
  silentCommand,
  adCommand,
  notadCommand,
  codesCommand,
  accountsCommand,
  consoleCommandSpec,
  announceCommand,
] as const

/** any parsed command of the default plugins, typed from each `parse` */
export type HqParsedCommand = Parsed<(typeof hqCommands)[number]>

/** a command's alias, e.g. `broadcast` */
export type HqCommandName = (typeof hqCommands)[number]['alias']

export const hqCommandLookup = commandLookup(() => hqCommands as readonly CommandSpec[])

export function hqCommand(alias: HqCommandName): CommandSpec {
  const spec = hqCommands.find((c) => c.alias === alias)
  if (!spec) throw new Error(`no command ${alias}`)
  return spec
}
