import type { Logger } from 'pino'
import type { Config } from './config/schema'
import type { ManagedGroup } from './core/groups'
import type { InboundMessage } from './core/types'
import type { Middleware } from './core/compose'
import type { OutboundAction, PriorityClass } from './outbound/actions'
import type { EnqueueOptions, Outbound } from './outbound/outbound-queue'
import type { Broadcasts } from './broadcast/broadcasts'
import type { ControlQueue } from './queue/control-queue'
import type { CommandRegistry } from './core/commands/command-registry'
import type { GroupRegistry } from './store/group-registry'
import type { Metrics } from './metrics/metrics'
import type { Stores } from './store/stores'
import type { HqVoice } from './outbound/hq-voice'
import type { WechatView } from './wechat/adapter'

/**
 * What every plugin gets (as the base of its `PluginContext`): config, the repositories, the outbound queue, a read-only view of
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
  /** HQ's one voice: every text for HQ and every answer to a command, paged and queued */
  hq: HqVoice
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
