import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../../src/config/schema'
import { createCommandRegistry } from '../../src/core/commands/command-registry'
import type { ManagedGroup } from '../../src/core/groups'
import type { InboundMessage } from '../../src/core/types'
import type { AppContext } from '../../src/feature'
import type { OutboundAction, PriorityClass } from '../../src/outbound/actions'
import { createMessageContext } from '../../src/pipeline/message-context'
import type { MessageMiddleware } from '../../src/feature'
import { createKeys } from '../../src/store/keys'
import { createStores } from '../../src/store/stores'

export interface Acted {
  action: OutboundAction
  priority: PriorityClass
  jobId: string | undefined
}

/**
 * Just enough of the app for the message chain: config, commands, managed groups and a
 * recording `act` — no Wechaty, no queue. The stores are there when the test gives a real
 * Redis (under the context's own prefix); the view, control queue and the rest are absent:
 * a middleware that needs them gets them from its test (`extra`).
 */
export function pipelineContext(opts: { config: Config; logger: Logger; groups?: ManagedGroup[]; redis?: Redis; extra?: Partial<AppContext> }) {
  const acted: Acted[] = []
  const keys = createKeys(`test:pipeline:${Math.random().toString(36).slice(2)}`)
  const now = () => Date.now()
  const ctx = {
    config: () => opts.config,
    reloadConfig: undefined,
    ...(opts.redis ? { stores: createStores({ redis: opts.redis, keys, logger: opts.logger, timeZone: () => opts.config.timezone, now }) } : {}),
    logger: opts.logger,
    now,
    rng: Math.random,
    commands: createCommandRegistry(),
    groups: async () => opts.groups ?? [],
    act: async (action: OutboundAction, priority: PriorityClass, o: { jobId?: string } = {}) => {
      acted.push({ action, priority, jobId: o.jobId })
      return o.jobId ?? `job-${acted.length}`
    },
    tellHq: async (text: string) => {
      for (const room of opts.config.hq.rooms) acted.push({ action: { type: 'say', to: room, text }, priority: 'hq', jobId: undefined })
    },
    ...opts.extra,
  } as unknown as AppContext
  /** one message through the chain, awaited to its end */
  const deliver = (chain: MessageMiddleware, m: InboundMessage) => chain(createMessageContext(ctx, m), async () => undefined)
  const said = () => acted.flatMap((a) => (a.action.type === 'say' ? [{ to: a.action.to, text: a.action.text }] : []))
  return { ctx, keys, acted, said, deliver }
}
