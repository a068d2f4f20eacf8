import type { AppContext } from '../feature'
import type { BotHandlers, WechatAdapter } from '../wechat/adapter'
import type { PluginHost } from './plugin-host'

/**
 * WeChat's events, as plain data, to the plugins. A message goes through the middleware
 * chain (src/pipeline/order.ts); joins, leaves, topic changes, friend requests, login and
 * logout are events a plugin may listen to (`ctx.on`), heard in the plugins' order, and so
 * is a burst of big images (`imageBurst`), after the message that made it.
 */
export function createBotHandlers(deps: {
  ctx: AppContext
  plugins: PluginHost
  adapter: () => WechatAdapter
  started: () => boolean
  /** the account's check of the WeChat id it logged in as: a refusal line, or undefined to serve (issue 17) */
  admit: (selfId: string) => Promise<string | undefined>
  /** this process does not serve: nothing starts */
  refuse: (line: string) => void
}): BotHandlers {
  const { ctx, plugins } = deps
  /** members and topic changed: the registry follows WeChat */
  async function refreshGroup(roomId: string): Promise<void> {
    const g = await deps.adapter().group(roomId)
    if (g) await ctx.registry.update(g, ctx.now())
  }
  return {
    async onMessage(m) {
      await plugins.deliver(m)
      // after the message: a hook that throws never costs the message its rules
      if (m.imageBurst !== undefined && m.roomId) {
        const b = ctx.config().images.burst
        await plugins.emit('imageBurst', { roomId: m.roomId, memberId: m.fromId, messageId: m.id, count: m.imageBurst, withinMs: b.withinMs, at: ctx.now() })
      }
    },
    async onJoin(e) {
      await refreshGroup(e.roomId)
      await plugins.emit('join', e)
    },
    async onLeave(e) {
      await refreshGroup(e.roomId)
      await plugins.emit('leave', e)
    },
    async onTopic(e) {
      await refreshGroup(e.roomId)
      await plugins.emit('topic', e)
    },
    async onFriendRequest(e) {
      await plugins.emit('friendRequest', e)
    },
    async onLogin(selfId) {
      // another WeChat account than this account's: nothing of it is served, nothing is sent
      const refusal = await deps.admit(selfId)
      if (refusal) return deps.refuse(refusal)
      const groups = await deps.adapter().listGroups()
      await ctx.registry.sync(groups, ctx.now())
      // sends wait while the account is offline and resume on login, losing nothing
      await ctx.outbound.resume()
      ctx.outbound.start()
      ctx.control.start()
      await plugins.emit('login', selfId)
      // after the plugins' login work (an account registers its groups): the account serves from here
      ctx.logger.info({ groups: groups.length }, 'logged in: serving')
    },
    async onLogout() {
      // Wechaty reports a logout when we stop it ourselves; that is not the account going offline
      if (!deps.started()) return
      ctx.logger.warn('the account went offline: sends paused until it logs in again')
      await ctx.outbound.pause()
      await plugins.emit('logout')
    },
  }
}
