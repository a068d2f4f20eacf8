/** The reply to `#帮助`: the registered commands, or one command's usage. */
import { helpListText, helpTopicText } from '../../texts'
import type { CommandLookup } from '../../core/commands/command-spec'

/** `topic`: a command's alias (what `#帮助 广播` parsed to) */
export function helpText(commands: CommandLookup, topic?: string): string {
  const spec = topic === undefined ? undefined : commands.list().find((c) => c.alias === topic)
  if (!spec) {
    return helpListText(commands.list().map((c) => ({ word: `#${c.name}`, alias: `/${c.alias}`, description: c.description })))
  }
  return helpTopicText({ usage: spec.usage, description: spec.description, alias: `/${spec.alias}`, minRole: spec.role })
}
