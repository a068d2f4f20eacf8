/**
 * Everything the bot can do in WeChat, as plain data. Every action is a job on the
 * account's paced outbound queue; only the WeChat adapter carries them out.
 */
export type OutboundAction =
  | { type: 'say'; to: string; text: string; mentionIds?: string[] }
  | { type: 'url'; to: string; title: string; url: string; description?: string; thumbnailUrl?: string }
  | ({ type: 'miniProgram'; to: string; title: string } & MiniProgramFields)
  | { type: 'card'; to: string; contactId: string }
  /** a file; `path` (a media library file, read when it is sent) keeps big files out of the job */
  | ({ type: 'file'; to: string; name: string } & FileSource)
  /** a picture, sent as WeChat sends an image (a media library item) */
  | ({ type: 'image'; to: string; name: string } & FileSource)
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

/** where a sent file's bytes come from: in the job, or a file read at the send */
export type FileSource = { base64: string; path?: undefined } | { path: string; base64?: undefined }

/** a mini program card beyond its title (Wechaty's MiniProgram payload) */
export interface MiniProgramFields {
  appid?: string
  username?: string
  pagePath?: string
  description?: string
  thumbUrl?: string
  iconUrl?: string
}

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
