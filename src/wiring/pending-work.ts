import type { AppContext } from '../feature'
import { pendingJobs } from '../queue/pending-jobs'
import type { WechatAdapter } from '../wechat/adapter'
import type { PluginHost } from './plugin-host'

/**
 * Work the bot still has within `horizonMs`, by where it waits: WeChat handlers running,
 * events held while Redis is unreachable (`held`), the paced queue, the control queue and
 * the plugins' own queues. "settle" waits until every count is 0.
 */
export async function pendingDetail(
  parts: { ctx: AppContext; adapter: WechatAdapter; plugins: PluginHost; held: () => number },
  horizonMs: number,
): Promise<Record<string, number>> {
  const { ctx, adapter, plugins } = parts
  const detail: Record<string, number> = { handlers: adapter.pending(), held: parts.held() }
  detail[ctx.outbound.name] = await pendingJobs(ctx.outbound.queue, horizonMs)
  detail[ctx.control.name] = await ctx.control.count(horizonMs)
  for (const [name, n] of Object.entries(await plugins.pending(horizonMs))) detail[name] = (detail[name] ?? 0) + n
  return detail
}
