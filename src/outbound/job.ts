import type { ActionResult, OutboundAction, PriorityClass } from './actions'

export interface OutboundJobData {
  action: OutboundAction
  priority: PriorityClass
  /** broadcast deliveries carry their broadcast id */
  broadcastId?: string
  /** held by quiet hours (broadcasts and scheduled sends); moderation never is */
  quiet?: boolean
}

export type Outcome =
  /**
   * `roomId`: the room a `create-room` made (absent when the run that sent it is not the one
   * reporting); `by`: the account whose send it was, when another account's process reports it
   * (a dead process's send, settled through the ledger by a survivor)
   */
  | ({ status: 'sent'; by?: string } & ActionResult)
  | { status: 'failed'; error: string }
  /** the send may or may not have left: never re-sent on its own */
  | { status: 'uncertain' }
  /** vetoed before sending (a cancelled broadcast) or already sent by an earlier run */
  | { status: 'skipped'; why: string }

/** hears every job's outcome once, when it is final (broadcast counts, rule reports) */
export type OutcomeSubscriber = (jobId: string, data: OutboundJobData, outcome: Outcome) => Promise<void>
/** a job held past the daily cap until `until` (bot clock): not an outcome, the job goes later */
export type CapHoldSubscriber = (jobId: string, data: OutboundJobData, until: number) => Promise<void>
