import { compose } from '../core/compose'
import type { MessageMiddleware } from '../feature'
import { errorBoundary } from './error-boundary'

/**
 * The order in which a message meets the features, on one screen. A feature's middleware
 * stops the message by not calling `next`.
 */
export const MESSAGE_ORDER = [
  'hq', //        HQ commands and leaders' commands in their groups; every HQ message stops here
  'entry', //    private chats: keywords, codes and application answers; stops what it answers
  'rules', //     managed groups: blacklist, ads, intro, nickname, watch words; stops on a removal
  'questions', // relays members' questions to HQ; never stops
  'schedules', // notices a changed config file; never stops
  'analytics', // records who said what, for reports; last
] as const

/** the chain for the running plugins (or features): the error boundary, then each in MESSAGE_ORDER */
export function messageChain(features: readonly { name: string; middleware?: MessageMiddleware | undefined }[]): MessageMiddleware {
  const order: readonly string[] = MESSAGE_ORDER
  const unordered = features.filter((f) => f.middleware && !order.includes(f.name)).map((f) => f.name)
  if (unordered.length) throw new Error(`features ${unordered.join(', ')} handle messages but are missing from MESSAGE_ORDER (src/pipeline/order.ts)`)
  const byName = new Map(features.map((f) => [f.name, f]))
  return compose([errorBoundary, ...order.flatMap((name) => byName.get(name)?.middleware ?? [])])
}
