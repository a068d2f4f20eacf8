/** The reply to `#帮助`: the command list, or one command's usage. */
import { commandDescriptions, commandUsages, helpListText, helpTopicText } from '../../messages'
import { commandEntry, commandTable, type CommandName } from './command-table'

export function helpText(topic?: CommandName): string {
  if (topic === undefined) {
    return helpListText(
      commandTable.map((c) => ({ word: `#${c.word}`, alias: `/${c.alias}`, description: commandDescriptions[c.name] })),
    )
  }
  const entry = commandEntry(topic)
  return helpTopicText({
    usage: commandUsages[topic],
    description: commandDescriptions[topic],
    alias: `/${entry.alias}`,
    minRole: entry.minRole,
  })
}
