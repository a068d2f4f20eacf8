import { defineCommand } from '../../core/commands/command-spec'
import { noArgs } from '../../core/commands/parse-args'
import { definePlugin } from '../../plugin'
import { mediaCommandTexts } from './texts'

export const mediaCommand = defineCommand({
  name: '素材',
  alias: 'media',
  role: 'viewer',
  usage: mediaCommandTexts.usage,
  description: mediaCommandTexts.description,
  parse: noArgs,
})

/**
 * `#素材`: the media library's items (config `media`), with how to send one. The library is
 * the app's service `media` (src/media): broadcasts, schedules and SOP steps send its items.
 */
export const mediaCommandsPlugin = definePlugin({
  name: 'media-commands',
  inject: ['media'],
  apply(ctx) {
    ctx.command(mediaCommand, async (call) => {
      const items = ctx.service('media').list()
      return call.reply(items.length ? mediaCommandTexts.list(items) : mediaCommandTexts.empty)
    })
  },
})
