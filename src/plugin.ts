import type { z } from 'zod'
import type { CommandHandler } from './core/commands/command-registry'
import type { CommandSpec } from './core/commands/command-spec'
import type { HqRole } from './core/commands/hq-role'
import type { ImageBurstEvent } from './core/types'
import type { ManagedGroup } from './core/groups'
import type { Question } from './store/questions'
import type { Fleet } from './accounts/fleet'
import type { MediaLibrary } from './media/media-library'
import type { AppContext, MessageMiddleware } from './feature'
import type { ConsoleAuth } from './store/console-auth'
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
  /** a paced job held past the daily cap until `until` (an `outbound.onCapHold`); it goes then */
  capHeld(jobId: string, data: OutboundJobData, until: number): Promise<void>
  /** the config was re-read (SIGHUP or #规则 重载): the plugin's `config()` is the new one */
  configReload(): Promise<void>
  /** false vetoes a send (a cancelled broadcast) */
  shouldSend(data: OutboundJobData): Promise<boolean>
  /** the queues the plugin owns */
  queues(): PluginQueue[]
}

/**
 * One group's nickname audit, as HQ (`#规则 查看`) and a leader's report read it: its text and
 * how many members still have to fix their nickname; undefined where the group is not
 * managed or the rule is off.
 */
export type NicknameAudit = (roomId: string) => Promise<{ text: string; missing: number } | undefined>

/** The web console seen from the plugins: its address while it runs, and its sign-in links. */
export interface ConsoleService {
  /** undefined while no console runs (no HTTP_PORT) */
  url(): string | undefined
  auth: ConsoleAuth
  /**
   * A console page the plugin owns (issue 22): served at `/p/<path>`, listed in the console's
   * navigation for roles that may see it, its forms posted to `/p/<path>/<action>` with the
   * console's session and CSRF check. Registered at apply; the disposer (give it to
   * `ctx.onDispose`) removes it.
   */
  page(spec: ConsolePageSpec): Disposer
}

/** Who is looking at a plugin's console page, and the HTML helpers it renders with. */
export interface ConsolePageRequest {
  viewer: { contactId: string; name: string; role: HqRole }
  /** the query string's values (GET) or the form's fields (POST), strings only */
  fields: Readonly<Record<string, string>>
  /** escapes text for element content and attribute values: every stored text goes through it */
  esc(value: unknown): string
  /** a POST form to one of the page's actions, with the CSRF token; `inner` is HTML (inputs), the button's label is text */
  form(action: string, label: string, inner?: string, hidden?: Readonly<Record<string, string>>): string
}

/** A plugin's console page (`ConsoleService.page`). */
export interface ConsolePageSpec {
  /** `[a-z0-9-]+`: the page is `/p/<path>` */
  path: string
  /** the navigation's and the page's title (Chinese) */
  title: string
  /** the least role that sees the page */
  role: HqRole
  /** the page's body (HTML) */
  render(req: ConsolePageRequest): Promise<string>
  /** POST `/p/<path>/<name>`: each with its least role; returns the line shown once on the page after the redirect */
  actions?: Readonly<Record<string, { role: HqRole; run(req: ConsolePageRequest): Promise<string> }>>
}

/** A question answered without HQ: what HQ's digest names (an FAQ entry `F3`, a keyword) and the FAQ's score. */
export interface QuestionAnswered {
  ref: string
  score?: number
}

/** Tries a member's question before it goes to HQ; undefined leaves it to HQ. */
export type QuestionAnswerer = (q: Question, group: ManagedGroup) => Promise<QuestionAnswered | undefined>

/** The questions plugin's hooks (issue 22: the FAQ learns from `#回复` and answers before HQ is asked). */
export interface QuestionsService {
  /** tried in the order registered before a question is relayed; the first that answers marks it answered in HQ's digest */
  answerer(fn: QuestionAnswerer): Disposer
  /** heard after `#回复 Qn` queued HQ's answer in the group: the question, the answer and who gave it */
  onAnswered(fn: (q: Question, answer: string, by: string) => Promise<void>): Disposer
  /** puts a question (back) into HQ's next digest, to be answered with `#回复` */
  relay(q: Question): Promise<void>
}

/**
 * What plugins share, by name. A plugin names the services it uses in `inject` and those it
 * offers in `provide`; it reaches them with `ctx.service(name)` and offers one with
 * `ctx.provide(name, value)`. This is the only way one plugin uses another's work (a plugin's
 * folder imports no other plugin's: test/unit/layers.test.ts). The app provides the ones
 * made outside any plugin (`fleet`, `console`, `media`).
 */
export interface Services {
  /** the rules plugin's audit of group nicknames (group-commands and analytics read it) */
  nicknameAudit: NicknameAudit
  /** this account among several (issue 11): the app's (src/wiring/fleet-registry.ts) */
  fleet: Fleet
  /** the web console: the app's (src/http/console-host.ts) */
  console: ConsoleService
  /** the questions plugin's hooks: answerers tried before HQ, `#回复` heard, a question relayed again (the FAQ uses them) */
  questions: QuestionsService
  /**
   * the media library (config `media`, src/media): `list()`, `get(id)`, `action(id, to)` (the
   * outbound action that sends the item: image, file, url or miniProgram); the app's
   */
  media: MediaLibrary
}

export type ServiceName = keyof Services

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
  /** offers a service under a name the plugin declares in `provide`; withdrawn when the plugin is unloaded */
  provide<K extends ServiceName>(name: K, service: Services[K]): Disposer
  /** a service the plugin declares in `inject` (its provider was applied first) */
  service<K extends ServiceName>(name: K): Services[K]
}

/**
 * A plugin in the Koishi shape: a name, the zod schema of its YAML section (its key is the
 * plugin's name; `PLUGIN_SECTIONS` in src/config/schema.ts composes them), the services it
 * uses and offers, and `apply`, which gets its section as a getter, so it reads the new one
 * after a reload. `apply` registers everything the plugin does (`ctx.middleware`, `ctx.on`,
 * `ctx.command`, `ctx.job`): unloading it undoes exactly that. src/plugins/index.ts lists them.
 */
export interface Plugin<S extends z.ZodType = z.ZodType> {
  name: string
  Config?: S
  /** the services `apply` uses: the host applies their providers first, and refuses to start without one */
  inject?: readonly ServiceName[]
  /** the services `apply` offers (`ctx.provide`) */
  provide?: readonly ServiceName[]
  apply(ctx: PluginContext, config: () => z.output<S>): void | Promise<void>
}

/** Keeps `apply`'s `config` typed from the schema. */
export function definePlugin<S extends z.ZodType>(plugin: Plugin<S> & { Config: S }): Plugin<S>
export function definePlugin(plugin: Plugin<z.ZodType> & { Config?: undefined }): Plugin<z.ZodType>
export function definePlugin<S extends z.ZodType>(plugin: Plugin<S>): Plugin<S> {
  return plugin
}
