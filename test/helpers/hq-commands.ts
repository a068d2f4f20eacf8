/**
 * Every HQ command the default plugins declare, for the parser's pure tests (no app). The
 * closed table is gone from src/: each declaration lives beside its handler. That this list
 * is exactly what a running bot registers is checked in test/e2e/commands-doc.test.ts.
 */
import { commandLookup, type CommandSpec, type Parsed } from '../../src/core/commands/command-spec'
import { pointsCommand, reportCommand } from '../../src/plugins/analytics/report-commands'
import { invitesCommand } from '../../src/plugins/analytics/invite-board-command'
import { silentCommand } from '../../src/plugins/analytics/silent-command'
import { codesCommand } from '../../src/plugins/entry/codes-command'
import { accountsCommand } from '../../src/plugins/accounts/account-commands'
import { broadcastCommand, cancelCommand, confirmCommand, forwardCommand, progressCommand, retryCommand } from '../../src/plugins/broadcast-commands/index'
import { consoleCommandSpec } from '../../src/plugins/console-command/index'
import { groupsCommand, rulesCommand, tagCommand } from '../../src/plugins/group-commands/index'
import { helpCommand } from '../../src/plugins/hq/help-command'
import { replyCommand } from '../../src/plugins/questions/reply-command'
import { banCommand, bansCommand, unbanCommand } from '../../src/plugins/rules/blacklist-commands'
import { removeCommand, warnCommand } from '../../src/plugins/rules/leader-commands'
import { adCommand, notadCommand } from '../../src/plugins/rules/moderation-commands'
import { announceCommand } from '../../src/plugins/announce/announce-command'
import { faqCommand, wrongAnswerCommand } from '../../src/plugins/faq/faq-commands'
import { mediaCommand } from '../../src/plugins/media-commands/index'
import { sopCommand } from '../../src/plugins/sop/sop-command'
import { scheduleCommand, schedulesCommand, unscheduleCommand } from '../../src/plugins/schedules/schedule-commands'

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
  faqCommand,
  wrongAnswerCommand,
  mediaCommand,
  sopCommand,
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
