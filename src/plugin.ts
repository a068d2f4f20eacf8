import type { z } from 'zod'
import type { CommandHandler } from './core/commands/command-registry'
import type { CommandSpec } from './core/commands/command-spec'
import type { ImageBurstEvent } from './core/types'
import type { AppContext, Feature, MessageMiddleware } from './feature'
import type { OutboundJobData, Outcome } from './outbound/outbound-queue'
import type { ControlHandler } from './queue/control-queue'
import type { FriendRequest, JoinEvent, LeaveEvent, TopicEvent } from './wechat/adapter'

/** Undoes one registration. */
export type Disposer = () => void

/** A queue a plugin owns, so "settle" can wait for it. */
export interface PluginQueue {
  name: string
  count(horizonMs: number): Promise<number>
}

/** What a plugin may listen to besides messages (messages go through `ctx.middleware`). */
export interface PluginEvents {
  /** the bot starts (after every plugin is applied) */
  start(): Promise<void>
  /** the plugin is unloaded, or the bot stops: the plugin's registrations are disposed after it */
  stop(): Promise<void>
  join(e: JoinEvent): Promise<void>
  leave(e: LeaveEvent): Promise<void>
  topic(e: TopicEvent): Promise<void>
  friendRequest(e: FriendRequest): Promise<void>
  /**
   * A member posted many big images at once in a managed group that checks images
   * (`images.burst`): a harassment signal, heard after that message went through the chain.
   * The hook for flood rules; nothing subscribes yet.
   */
  imageBurst(e: ImageBurstEvent): Promise<void>
  login(selfId: string): Promise<void>
  logout(): Promise<void>
  /** a paced job's final outcome (an `outbound.subscribe`) */
  outcome(jobId: string, data: OutboundJobData, outcome: Outcome): Promise<void>
  /** the config was re-read (SIGHUP or #规则 重载): the plugin's `config()` is the new one */
  configReload(): Promise<void>
  /** false vetoes a send (a cancelled broadcast) */
  shouldSend(data: OutboundJobData): Promise<boolean>
  /** the queues the plugin owns */
  queues(): PluginQueue[]
}

/**
 * What `apply` gets: everything of `AppContext`, and registrations that each return a
 * disposer and are recorded, so unloading the plugin removes all of them (in reverse).
 * `commands.register`, `control.on` and `outbound.subscribe` of this context are recorded
 * too, so code written against `AppContext` is disposable as it is.
 */
export interface PluginContext extends AppContext {
  /** the plugin's name */
  readonly plugin: string
  /**
   * An HQ (or leader) command, declared where it is handled: its word, alias, role, usage,
   * description and `parse`; the handler gets what `parse` returned. Unloading removes it
   * (from the parser, `#帮助` and dispatch).
   */
  command<A extends object, K extends string>(spec: CommandSpec<A, K>, handler: CommandHandler<A, K>): Disposer
  /** the plugin's place in the message chain: its name must be in MESSAGE_ORDER (src/pipeline/order.ts) */
  middleware(mw: MessageMiddleware): Disposer
  on<E extends keyof PluginEvents>(event: E, fn: PluginEvents[E]): Disposer
  /** a control-queue job handler (`ctx.control.on`) */
  job(jobName: string, handler: ControlHandler): Disposer
  /** anything else to undo at unload */
  onDispose(dispose: () => void): void
}

/**
 * A plugin in the Koishi shape: a name, the zod schema of its YAML section (its key is the
 * plugin's name; `PLUGIN_SECTIONS` in src/config/schema.ts composes them), and `apply`,
 * which gets its section as a getter, so it reads the new one after a reload.
 */
export interface Plugin<S extends z.ZodType = z.ZodType> {
  name: string
  Config?: S
  apply(ctx: PluginContext, config: () => z.output<S>): void | Promise<void>
}

/** Keeps `apply`'s `config` typed from the schema. */
export function definePlugin<S extends z.ZodType>(plugin: Plugin<S> & { Config: S }): Plugin<S>
export function definePlugin(plugin: Plugin<z.ZodType> & { Config?: undefined }): Plugin<z.ZodType>
export function definePlugin<S extends z.ZodType>(plugin: Plugin<S>): Plugin<S> {
  return plugin
}

/**
 * A `Feature` (hooks on an object) as a plugin: the factory runs in `apply`, its hooks and
 * middleware become recorded registrations. The one line that turns a legacy factory into
 * a plugin: `fromFeature('welcome', welcomeFeature)` (with `Config` when it owns a section).
 * Any `FeatureFactory` fits `factory`; it may also take the section getter as a second argument.
 */
export function fromFeature<S extends z.ZodType = z.ZodType>(
  name: string,
  factory: (ctx: AppContext, config: () => z.output<S>) => Feature,
  Config?: S,
): Plugin<S> {
  return {
    name,
    ...(Config ? { Config } : {}),
    apply(ctx, config) {
      const f = factory(ctx, config)
      if (f.middleware) ctx.middleware(f.middleware)
      if (f.start) ctx.on('start', f.start.bind(f))
      if (f.stop) ctx.on('stop', f.stop.bind(f))
      if (f.onJoin) ctx.on('join', f.onJoin.bind(f))
      if (f.onLeave) ctx.on('leave', f.onLeave.bind(f))
      if (f.onTopic) ctx.on('topic', f.onTopic.bind(f))
      if (f.onFriendRequest) ctx.on('friendRequest', f.onFriendRequest.bind(f))
      if (f.onLogin) ctx.on('login', f.onLogin.bind(f))
      if (f.onLogout) ctx.on('logout', f.onLogout.bind(f))
      if (f.onOutcome) ctx.on('outcome', f.onOutcome.bind(f))
      if (f.onConfigReload) ctx.on('configReload', f.onConfigReload.bind(f))
      if (f.shouldSend) ctx.on('shouldSend', f.shouldSend.bind(f))
      if (f.queues) ctx.on('queues', f.queues.bind(f))
    },
  }
}
