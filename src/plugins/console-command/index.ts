import { definePlugin } from '../../plugin'
import { consoleMessages } from '../../texts'
import { commandDescriptions, commandUsages } from '../../texts'
import { defineCommand } from '../../core/commands/command-spec'
import { noArgs } from '../../core/commands/parse-args'

export const consoleCommandSpec = defineCommand({
  name: '控制台',
  alias: 'console',
  role: 'viewer',
  usage: commandUsages.console,
  description: commandDescriptions.console,
  parse: noArgs,
})

/**
 * `#控制台`: a one-time sign-in link to the web console, sent to the caller in a PRIVATE
 * chat (never into the HQ room, where others would see it); HQ hears only that it was sent.
 * The console is the app's service `console`: its url is undefined while no console runs (no HTTP_PORT).
 */
export const consolePlugin = definePlugin({
  name: 'console-command',
  inject: ['console'],
  apply(ctx) {
    ctx.commands.register(consoleCommandSpec, async (call) => {
      const { url, auth } = ctx.service('console')
      const base = url()
      if (!base) return call.reply(consoleMessages.off)
      const minutes = ctx.config().console.linkTtlMinutes
      const token = await auth.createLink(call.message.fromId, minutes * 60_000)
      await ctx.act({ type: 'say', to: call.message.fromId, text: consoleMessages.linkPrivate(`${base}/login/${token}`, minutes) }, 'hq', { jobId: `console-${call.message.id}` })
      return call.reply(consoleMessages.linkSent)
    })
  },
})
