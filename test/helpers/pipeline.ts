import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../../src/config/schema'
import { createCommandRegistry } from '../../src/core/commands/command-registry'
import type { ManagedGroup } from '../../src/core/groups'
import type { InboundMessage } from '../../src/core/types'
import type { AppContext } from '../../src/feature'
import type { OutboundAction, PriorityClass } from '../../src/outbound/actions'
import { createHqVoice } from '../../src/outbound/hq-voice'
import { definePlugin, type Plugin } from '../../src/plugin'
import { createPluginHost } from '../../src/wiring/plugin-host'
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
 * a middleware that needs them gets them from its test (`extra`). For plugins on the whole
 * app over the simulated world, use `createTestApp` (test/helpers/test-app.ts).
 */
export function pipelineContext(opts: { config: Config; logger: Logger; groups?: ManagedGroup[]; redis?: Redis; extra?: Partial<AppContext> }) {
  const acted: Acted[] = []
  const keys = createKeys(`test:pipeline:${Math.random().toString(36).slice(2)}`)
  const now = () => Date.now()
  const act = async (action: OutboundAction, priority: PriorityClass, o: { jobId?: string } = {}) => {
    acted.push({ action, priority, jobId: o.jobId })
    return o.jobId ?? `job-${acted.length}`
  }
  const ctx = {
    config: () => opts.config,
    reloadConfig: undefined,
    ...(opts.redis ? { stores: createStores({ redis: opts.redis, keys, logger: opts.logger, timeZone: () => opts.config.timezone, now }) } : {}),
    logger: opts.logger,
    now,
    rng: Math.random,
    commands: createCommandRegistry(),
    groups: async () => opts.groups ?? [],
    act,
    hq: createHqVoice({ config: () => opts.config, act }),
    // outcomes never come: nothing is sent
    outbound: { subscribe: () => () => undefined },
    ...opts.extra,
  } as unknown as AppContext
  /** one message through the chain, awaited to its end */
  const deliver = (chain: MessageMiddleware, m: InboundMessage) => chain(createMessageContext(ctx, m), async () => undefined)
  const said = () => acted.flatMap((a) => (a.action.type === 'say' ? [{ to: a.action.to, text: a.action.text }] : []))
  /** the plugins applied on this context, as the app's host applies them; `deliver` sends a message through their chain */
  const start = async (plugins: readonly Plugin[]) => {
    const host = createPluginHost(ctx, plugins)
    await host.start()
    return host
  }
  return { ctx, keys, acted, said, deliver, start }
}

/** A plugin that only handles messages, in the place of `name` in MESSAGE_ORDER. */
export const middlewarePlugin = (name: string, middleware: MessageMiddleware): Plugin =>
  definePlugin({ name, apply: (ctx) => void ctx.middleware(middleware) })
