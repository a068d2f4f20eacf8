/**
 * Everything the bot can do in WeChat, as plain data. Every action is a job on the
 * account's paced outbound queue; only the WeChat adapter carries them out.
 */
export type OutboundAction =
  | { type: 'say'; to: string; text: string; mentionIds?: string[] }
  | { type: 'url'; to: string; title: string; url: string; description?: string }
  | { type: 'miniProgram'; to: string; title: string; appid?: string }
  | { type: 'card'; to: string; contactId: string }
  | { type: 'file'; to: string; name: string; base64: string }
  | { type: 'forward'; to: string; messageId: string }
  | { type: 'remove'; roomId: string; contactId: string }
  | { type: 'announce'; roomId: string; text: string }
  | { type: 'invite'; roomId: string; contactId: string }
  | { type: 'accept-friend'; friendshipId: string; contactId: string }
  /**
   * The bot creates a group with these contacts (at least two besides the bot, as WeChat and
   * Wechaty's `Room.create` require) and owns it. The new room's id comes back in the job's
   * outcome: `{ status: 'sent', roomId }` (see `ActionResult`).
   */
  | { type: 'create-room'; topic: string; contactIds: string[] }

/** What an action made that the caller needs: the id of a room `create-room` created. */
export interface ActionResult {
  roomId?: string
}

/**
 * Lower runs first: removals, then replies to HQ, then member-facing messages, then
 * broadcasts ("kicks first, broadcasts last").
 */
export const PRIORITY = { moderation: 1, hq: 2, member: 3, broadcast: 4 } as const
export type PriorityClass = keyof typeof PRIORITY

/** A room or contact id the action concerns, for logs and reports. */
export function actionTarget(a: OutboundAction): string {
  switch (a.type) {
    case 'remove':
    case 'announce':
    case 'invite':
      return a.roomId
    case 'accept-friend':
      return a.contactId
    case 'create-room':
      return a.topic
    default:
      return a.to
  }
}

/** Errors the caller should not retry: WeChat said no, and will say no again. */
export class PermanentActionError extends Error {
  override readonly name = 'PermanentActionError'
}
