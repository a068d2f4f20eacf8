import type { Logger } from 'pino'
import type { Config } from './config/schema'
import type { ManagedGroup } from './core/groups'
import type { InboundMessage } from './core/types'
import type { Middleware } from './core/compose'
import type { OutboundAction, PriorityClass } from './outbound/actions'
import type { EnqueueOptions, Outbound, OutboundJobData, Outcome } from './outbound/outbound-queue'
import type { Broadcasts } from './broadcast/broadcasts'
import type { ControlQueue } from './queue/control-queue'
import type { CommandRegistry } from './core/commands/command-registry'
import type { GroupRegistry } from './store/group-registry'
import type { Metrics } from './metrics/metrics'
import type { Stores } from './store/stores'
import type { FriendRequest, JoinEvent, LeaveEvent, TopicEvent, WechatView } from './wechat/adapter'

/**
 * What every feature gets: config, the repositories, the outbound queue, a read-only view of
 * WeChat. No Redis client: features reach storage through `stores` (typed, checked reads).
 */
export interface AppContext {
  config(): Config
  /** re-reads the config file (undefined where there is none, as in the simulator) */
  reloadConfig: (() => Promise<string[] | undefined>) | undefined
  /** the repositories (src/store/stores.ts): every read and write of a feature's own data */
  stores: Stores
  logger: Logger
  now(): number
  rng(): number
  view: WechatView
  registry: GroupRegistry
  outbound: Outbound
  /** puts one action on the paced queue */
  act(action: OutboundAction, priority: PriorityClass, opts?: EnqueueOptions & { quiet?: boolean; broadcastId?: string }): Promise<string>
  /** managed groups with their config (key, tags, leaders) */
  groups(): Promise<ManagedGroup[]>
  /** tells HQ (every HQ room) */
  tellHq(text: string, jobId?: string): Promise<void>
  broadcasts: Broadcasts
  /** delayed internal jobs that survive restarts */
  control: ControlQueue
  /** HQ command handlers; features add theirs */
  commands: CommandRegistry
  /** the app's Prometheus counters (absent where a test builds a context by hand) */
  metrics?: Metrics
}

/**
 * What a message middleware gets (src/pipeline/order.ts lists them in order): the message,
 * the managed group it came from, a reply into its room, the paced queue and a logger
 * carrying the room, member and message id.
 */
export interface MessageContext {
  message: InboundMessage
  /** whether the message came from an HQ room */
  inHq: boolean
  /** the managed group of the message's room (read once per message); undefined in HQ and unmanaged rooms */
  group(): Promise<ManagedGroup | undefined>
  /** answers in the message's room at HQ priority (long texts as pages) */
  reply(text: string): Promise<void>
  act: AppContext['act']
  log: Logger
  /** the HQ or leader command running, set by the HQ router: the error boundary answers it when it throws */
  command?: string
}

export type MessageMiddleware = Middleware<MessageContext>

/**
 * A feature is a small composer: it reacts to plain-data events and acts through the
 * context. Messages reach it through its `middleware`, in the order of src/pipeline/order.ts;
 * other events through the hooks below, in the features' order.
 */
export interface Feature {
  name: string
  start?(): Promise<void>
  stop?(): Promise<void>
  /** the feature's place in the message chain (src/pipeline/order.ts): stops a message by not calling `next` */
  middleware?: MessageMiddleware
  onJoin?(e: JoinEvent): Promise<void>
  onLeave?(e: LeaveEvent): Promise<void>
  onTopic?(e: TopicEvent): Promise<void>
  onFriendRequest?(e: FriendRequest): Promise<void>
  onLogin?(selfId: string): Promise<void>
  onLogout?(): Promise<void>
  onOutcome?(jobId: string, data: OutboundJobData, outcome: Outcome): Promise<void>
  /** false vetoes a send (a cancelled broadcast) */
  shouldSend?(data: OutboundJobData): Promise<boolean>
  /** the config was re-read (SIGHUP or #规则 重载); `ctx.config()` is the new one */
  onConfigReload?(): Promise<void>
  /** BullMQ queues the feature owns, so "settle" can wait for them */
  queues?(): { name: string; count(horizonMs: number): Promise<number> }[]
}

export type FeatureFactory = (ctx: AppContext) => Feature
