import type { AppContext, Feature, FeatureFactory } from '../feature'
import type { InboundMessage } from '../core/types'
import { createMessageContext } from '../pipeline/message-context'
import { messageChain } from '../pipeline/order'

/** The running features: made at start, each message through their chain, stopped in reverse. */
export interface FeatureSet {
  list(): readonly Feature[]
  /** one message through the error boundary and the features in MESSAGE_ORDER */
  deliver(m: InboundMessage): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
  /** the config was accepted: features re-read it */
  configReloaded(): Promise<void>
  /** jobs in the features' own queues, by queue name */
  pending(horizonMs: number): Promise<Record<string, number>>
}

export function createFeatureSet(ctx: AppContext, factories: readonly FeatureFactory[]): FeatureSet {
  const { logger } = ctx
  let features: Feature[] = []
  let chain = messageChain([])
  const done = async () => undefined
  return {
    list: () => features,
    deliver: (m) => chain(createMessageContext(ctx, m), done),
    async start() {
      features = factories.map((make) => make(ctx))
      chain = messageChain(features)
      for (const f of features) if (f.onOutcome) ctx.outbound.subscribe(f.onOutcome.bind(f))
      for (const f of features) await f.start?.()
    },
    async stop() {
      for (const f of [...features].reverse()) await f.stop?.().catch((err: Error) => logger.warn({ err, feature: f.name }, 'feature stop failed'))
    },
    async configReloaded() {
      for (const f of features) await f.onConfigReload?.().catch((err: Error) => logger.error({ err, feature: f.name }, 'config reload hook failed'))
    },
    async pending(horizonMs) {
      const detail: Record<string, number> = {}
      for (const f of features) for (const fq of f.queues?.() ?? []) detail[fq.name] = (detail[fq.name] ?? 0) + (await fq.count(horizonMs))
      return detail
    },
  }
}
