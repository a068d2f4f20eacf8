import { definePlugin } from '../../plugin'
import { announceCommand, announceHandler } from './announce-command'

/** `#群公告`: group announcements, sent as a broadcast (src/broadcast). No config section. */
export const announcePlugin = definePlugin({
  name: 'announce',
  apply(ctx) {
    ctx.command(announceCommand, announceHandler(ctx))
  },
})
