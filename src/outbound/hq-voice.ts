import type { OutboundConfig } from '../config/schema'
import { pageJobId, replyPages } from '../core/reply-pages'
import type { OutboundAction, PriorityClass } from './actions'

/**
 * HQ's one voice (issue 18): every text the bot writes to HQ or answers to a command goes
 * out through here, as numbered pages when long (issue 8: a 58,942-character reply), on the
 * paced queue at HQ priority. A job id makes a text once-only: page 1 keeps it, later pages
 * add `-p2`, `-p3`…
 */
export interface HqVoice {
  /** tells HQ (every HQ room); with `jobId`, each room's pages are once-only (`<jobId>-<room>`) */
  say(text: string, jobId?: string): Promise<void>
  /** one room (an HQ room a command came from, a contact's private chat) */
  sayIn(roomId: string, text: string, jobId?: string): Promise<void>
  /**
   * The answers to one message: its n-th answer gets the job id `<key>-<n>`, so handling the
   * same message twice never answers twice.
   */
  reply(to: string, key: string): (text: string) => Promise<void>
}

export function createHqVoice(deps: {
  /** the HQ rooms and the page limits, read at each text (a reload is seen) */
  config: () => { hq: { rooms: string[] }; outbound: Pick<OutboundConfig, 'maxTextLength' | 'maxReplyPages'> }
  act: (action: OutboundAction, priority: PriorityClass, opts?: { jobId?: string }) => Promise<string>
}): HqVoice {
  const sayIn = async (roomId: string, text: string, jobId?: string) => {
    for (const [i, page] of replyPages(text, deps.config().outbound).entries()) {
      await deps.act({ type: 'say', to: roomId, text: page }, 'hq', jobId ? { jobId: pageJobId(jobId, i) } : {})
    }
  }
  return {
    sayIn,
    async say(text, jobId) {
      for (const room of deps.config().hq.rooms) await sayIn(room, text, jobId ? `${jobId}-${room}` : undefined)
    },
    reply(to, key) {
      let n = 0
      return (text) => sayIn(to, text, `${key}-${++n}`)
    },
  }
}
