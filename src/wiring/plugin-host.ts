import { compose } from '../core/compose'
import { PLUGIN_SECTIONS, type Config } from '../config/schema'
import type { InboundMessage } from '../core/types'
import type { AppContext, MessageMiddleware } from '../feature'
import type { OutboundJobData } from '../outbound/outbound-queue'
import { createMessageContext } from '../pipeline/message-context'
import { messageChain } from '../pipeline/order'
import type { Disposer, Plugin, PluginContext, PluginEvents, ServiceName, Services } from '../plugin'

type Hooks = { [E in keyof PluginEvents]?: PluginEvents[E][] }

/** One plugin's place in the list: what it registered, so unloading removes exactly that. */
interface Slot {
  plugin: Plugin
  applied: boolean
  middleware: MessageMiddleware[]
  hooks: Hooks
  disposers: Disposer[]
}

/** The running plugins: applied at start in the list's order, each message through their chain, unloaded in reverse. */
export interface PluginHost {
  /** the applied plugins' names, in order */
  names(): string[]
  /** one message through the error boundary and the plugins' middleware in MESSAGE_ORDER */
  deliver(m: InboundMessage): Promise<void>
  /** applies every plugin, then runs their `start` hooks */
  start(): Promise<void>
  /** runs the `stop` hooks in reverse and disposes every registration */
  stop(): Promise<void>
  /** applies one plugin (again, after `unload`; or a new one, placed last); its `start` runs when the host has started */
  apply(plugin: Plugin): Promise<void>
  /** runs the plugin's `stop` hooks, then disposes its registrations in reverse */
  unload(name: string): Promise<void>
  /** an event to every plugin listening, in the list's order */
  emit<E extends 'join' | 'leave' | 'topic' | 'friendRequest' | 'imageBurst' | 'login' | 'logout'>(event: E, ...args: Parameters<PluginEvents[E]>): Promise<void>
  /** false when a plugin vetoes the send */
  shouldSend(data: OutboundJobData): Promise<boolean>
  /** the config was accepted: plugins re-read it */
  configReloaded(): Promise<void>
  /** jobs in the plugins' own queues, by queue name */
  pending(horizonMs: number): Promise<Record<string, number>>
}

const remove = <T>(list: T[], item: T) => {
  const i = list.indexOf(item)
  if (i >= 0) list.splice(i, 1)
}

/**
 * The plugins in an order where every plugin comes after the providers of what it injects
 * (otherwise the list's order): a service nobody provides, or two plugins waiting on each
 * other, is a clear error before anything is applied.
 */
export function applyOrder(plugins: readonly Plugin[], given: readonly string[]): Plugin[] {
  const providers = new Map<string, string>(given.map((name) => [name, 'the app']))
  for (const p of plugins) {
    for (const name of p.provide ?? []) {
      const other = providers.get(name)
      if (other) throw new Error(`plugins ${other} and ${p.name} both provide the service "${name}"`)
      providers.set(name, p.name)
    }
  }
  for (const p of plugins) {
    const missing = (p.inject ?? []).filter((name) => !providers.has(name))
    if (missing.length) throw new Error(`plugin ${p.name} injects ${missing.map((n) => `"${n}"`).join(', ')}, which no plugin provides`)
  }
  const ready = new Set<string>(given)
  const order: Plugin[] = []
  let left = [...plugins]
  while (left.length) {
    const next = left.filter((p) => (p.inject ?? []).every((name) => ready.has(name)))
    if (!next.length) throw new Error(`plugins ${left.map((p) => p.name).join(', ')} inject one another's services: none can be applied first`)
    for (const p of next) {
      order.push(p)
      for (const name of p.provide ?? []) ready.add(name)
    }
    left = left.filter((p) => !next.includes(p))
  }
  return order
}

export function createPluginHost(ctx: AppContext, plugins: readonly Plugin[], given: Partial<Services> = {}): PluginHost {
  const { logger } = ctx
  const slots: Slot[] = plugins.map((plugin) => ({ plugin, applied: false, middleware: [], hooks: {}, disposers: [] }))
  // the services by name: the app's, then those the applied plugins provide
  const services = new Map<string, unknown>(Object.entries(given))
  let chain = messageChain([])
  let started = false
  const done = async () => undefined
  const live = () => slots.filter((s) => s.applied)
  const hooksOf = <E extends keyof PluginEvents>(event: E) => live().flatMap((s) => (s.hooks[event] ?? []) as PluginEvents[E][])

  /** a plugin with middleware must be named in MESSAGE_ORDER: checked here, when it registers */
  function rebuild(): void {
    chain = messageChain(live().map((s) => ({ name: s.plugin.name, middleware: s.middleware.length ? compose(s.middleware) : undefined })))
  }

  function contextFor(slot: Slot): PluginContext {
    const record = (d: Disposer): Disposer => {
      slot.disposers.push(d)
      return d
    }
    const on = <E extends keyof PluginEvents>(event: E, fn: PluginEvents[E]): Disposer => {
      if (event === 'outcome') return record(ctx.outbound.subscribe(fn as PluginEvents['outcome']))
      if (event === 'capHeld') return record(ctx.outbound.onCapHold(fn as PluginEvents['capHeld']))
      const list = (slot.hooks[event] ??= []) as PluginEvents[E][]
      list.push(fn)
      return record(() => remove(list, fn))
    }
    const command: PluginContext['command'] = (spec, handler) => record(ctx.commands.register(spec, handler))
    const job: PluginContext['job'] = (name, handler) => record(ctx.control.on(name, handler))
    const middleware = (mw: MessageMiddleware): Disposer => {
      slot.middleware.push(mw)
      rebuild()
      return record(() => {
        remove(slot.middleware, mw)
        rebuild()
      })
    }
    const { name: pluginName, inject = [], provide: offers = [] } = slot.plugin
    const provide: PluginContext['provide'] = (name, service) => {
      if (!offers.includes(name)) throw new Error(`plugin ${pluginName} provides "${name}" without declaring it in provide`)
      if (services.has(name)) throw new Error(`plugin ${pluginName}: the service "${name}" is provided already`)
      services.set(name, service)
      return record(() => void services.delete(name))
    }
    const service = <K extends ServiceName>(name: K): Services[K] => {
      if (!inject.includes(name)) throw new Error(`plugin ${pluginName} uses the service "${name}" without declaring it in inject`)
      if (!services.has(name)) throw new Error(`plugin ${pluginName}: no plugin provides the service "${name}" (is its provider unloaded?)`)
      return services.get(name) as Services[K]
    }
    // the app's context underneath (its getters stay live); the registering parts recorded
    const pctx = Object.create(ctx) as PluginContext
    return Object.assign(pctx, {
      plugin: slot.plugin.name,
      provide,
      service,
      command,
      job,
      middleware,
      on,
      onDispose: (d: () => void) => void record(d),
      commands: { ...ctx.commands, register: command },
      control: { ...ctx.control, on: job },
      outbound: { ...ctx.outbound, subscribe: (fn: PluginEvents['outcome']) => on('outcome', fn) },
    })
  }

  /** the plugin's YAML section, read on each call so a reload is seen */
  function sectionOf(plugin: Plugin): () => unknown {
    if (!plugin.Config) return () => undefined
    const sections: Record<string, unknown> = PLUGIN_SECTIONS
    if (sections[plugin.name] !== plugin.Config) {
      throw new Error(`plugin ${plugin.name}: its Config is not the config section "${plugin.name}" (PLUGIN_SECTIONS in src/config/schema.ts)`)
    }
    const key = plugin.name as keyof Config
    return () => ctx.config()[key]
  }

  async function applySlot(slot: Slot): Promise<void> {
    if (slot.applied) throw new Error(`plugin ${slot.plugin.name} is already applied`)
    slot.applied = true
    try {
      await slot.plugin.apply(contextFor(slot), sectionOf(slot.plugin))
    } catch (err) {
      dispose(slot)
      throw err
    }
  }

  function dispose(slot: Slot): void {
    for (const d of slot.disposers.reverse()) d()
    slot.disposers = []
    slot.hooks = {}
    slot.middleware = []
    slot.applied = false
    rebuild()
  }

  async function runStop(slot: Slot): Promise<void> {
    for (const fn of [...(slot.hooks.stop ?? [])].reverse()) {
      await fn().catch((err: Error) => logger.warn({ err, feature: slot.plugin.name }, 'feature stop failed'))
    }
  }

  return {
    names: () => live().map((s) => s.plugin.name),
    deliver: (m) => chain(createMessageContext(ctx, m), done),
    async start() {
      // providers before the plugins that inject their services; events still go in the list's order
      const order = applyOrder(slots.map((s) => s.plugin), [...services.keys()])
      for (const plugin of order) await applySlot(slots.find((s) => s.plugin === plugin)!)
      for (const fn of hooksOf('start')) await fn()
      started = true
    },
    async stop() {
      started = false
      for (const slot of [...live()].reverse()) await runStop(slot)
      for (const slot of [...live()].reverse()) dispose(slot)
    },
    async apply(plugin) {
      let slot = slots.find((s) => s.plugin.name === plugin.name)
      if (slot?.applied) throw new Error(`plugin ${plugin.name} is already applied`)
      const missing = (plugin.inject ?? []).filter((name) => !services.has(name))
      if (missing.length) throw new Error(`plugin ${plugin.name} injects ${missing.map((n) => `"${n}"`).join(', ')}, which no applied plugin provides`)
      if (slot) slot.plugin = plugin
      else slots.push((slot = { plugin, applied: false, middleware: [], hooks: {}, disposers: [] }))
      await applySlot(slot)
      if (started) for (const fn of slot.hooks.start ?? []) await fn()
    },
    async unload(name) {
      const slot = slots.find((s) => s.plugin.name === name && s.applied)
      if (!slot) return
      await runStop(slot)
      dispose(slot)
    },
    async emit(event, ...args) {
      for (const fn of hooksOf(event)) await (fn as (...a: typeof args) => Promise<void>)(...args)
    },
    async shouldSend(data) {
      for (const fn of hooksOf('shouldSend')) if (!(await fn(data))) return false
      return true
    },
    async configReloaded() {
      for (const slot of live()) {
        for (const fn of slot.hooks.configReload ?? []) {
          await fn().catch((err: Error) => logger.error({ err, feature: slot.plugin.name }, 'config reload hook failed'))
        }
      }
    },
    async pending(horizonMs) {
      const detail: Record<string, number> = {}
      for (const fn of hooksOf('queues')) for (const q of fn()) detail[q.name] = (detail[q.name] ?? 0) + (await q.count(horizonMs))
      return detail
    },
  }
}
