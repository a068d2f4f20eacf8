import type { AppContext } from '../feature'
import type { BotHandlers, WechatAdapter } from '../wechat/adapter'
import type { FeatureSet } from './feature-set'

/**
 * WeChat's events, as plain data, to the features. A message goes through the middleware
 * chain (src/pipeline/order.ts); joins, leaves, topic changes, friend requests, login and
 * logout stay hooks every feature may have, called in the features' order.
 */
export function createBotHandlers(deps: { ctx: AppContext; features: FeatureSet; adapter: () => WechatAdapter; started: () => boolean }): BotHandlers {
  const { ctx, features } = deps
  const each = () => features.list()
  /** members and topic changed: the registry follows WeChat */
  async function refreshGroup(roomId: string): Promise<void> {
    const g = await deps.adapter().group(roomId)
    if (g) await ctx.registry.update(g, ctx.now())
  }
  return {
    onMessage: (m) => features.deliver(m),
    async onJoin(e) {
      await refreshGroup(e.roomId)
      for (const f of each()) await f.onJoin?.(e)
    },
    async onLeave(e) {
      await refreshGroup(e.roomId)
      for (const f of each()) await f.onLeave?.(e)
    },
    async onTopic(e) {
      await refreshGroup(e.roomId)
      for (const f of each()) await f.onTopic?.(e)
    },
    async onFriendRequest(e) {
      for (const f of each()) await f.onFriendRequest?.(e)
    },
    async onLogin(selfId) {
      await ctx.registry.sync(await deps.adapter().listGroups(), ctx.now())
      // sends wait while the account is offline and resume on login, losing nothing
      await ctx.outbound.resume()
      ctx.outbound.start()
      ctx.control.start()
      for (const f of each()) await f.onLogin?.(selfId)
    },
    async onLogout() {
      // Wechaty reports a logout when we stop it ourselves; that is not the account going offline
      if (!deps.started()) return
      ctx.logger.warn('the account went offline: sends paused until it logs in again')
      await ctx.outbound.pause()
      for (const f of each()) await f.onLogout?.()
    },
  }
}
