/**
 * Plain data the core works on. The WeChat adapter turns Wechaty objects into these
 * once; nothing in `core/` ever sees a Wechaty object, a Redis client or the clock.
 */

export type MessageKind =
  | 'text'
  | 'image'
  | 'file'
  | 'url'
  | 'miniProgram'
  | 'card'
  | 'video'
  | 'audio'
  | 'emoticon'
  | 'other'

/**
 * Why an image was not checked for a QR code: over the pixel budget, gave way in a full
 * backlog, waited too long, the decode timed out or failed, the decoder could not read it,
 * it could not be fetched, the bot was stopping.
 */
export type QrUncheckedReason = 'too-big' | 'backlog-full' | 'waited-too-long' | 'timeout' | 'failed' | 'unreadable' | 'fetch-failed' | 'stopping'

/**
 * What the QR reader (src/images/qr-reader.ts) made of one image; `burst` is set once the
 * member's big images in the group reach `images.burst.images`.
 */
export type QrCheck = ({ outcome: 'qr'; text: string } | { outcome: 'none' } | { outcome: 'unchecked'; reason: QrUncheckedReason }) & { burst?: number }

/** A member posted many big images at once in one group (`images.burst`): plugins hear it as `imageBurst`. */
export interface ImageBurstEvent {
  roomId: string
  memberId: string
  messageId: string
  /** big images within `withinMs`, this one included */
  count: number
  withinMs: number
  at: number
}

export interface UrlInfo {
  title: string
  url: string
  description?: string
}

export interface MiniProgramInfo {
  title: string
  appid?: string
}

export interface InboundMessage {
  id: string
  /** room id, or undefined for a private (1:1) message */
  roomId: string | undefined
  fromId: string
  /** WeChat name of the sender */
  fromName: string
  /** the sender's group nickname in this room, when set */
  fromAlias: string | undefined
  kind: MessageKind
  /** text content as WeChat shows it (with any `@name` mentions); for non-text kinds a short description (title, file name) */
  text: string
  /** the text without the `@name` mentions, when it differs */
  body?: string
  /** contact ids @-mentioned in the message */
  mentionIds: string[]
  mentionsSelf: boolean
  /** the message @s everyone (「@所有人」) */
  mentionAll?: boolean
  url?: UrlInfo
  miniProgram?: MiniProgramInfo
  /** contact id shared by a contact card */
  cardId?: string
  /** file name of an image / file */
  fileName?: string
  /** true when an image was decoded and holds a QR code; undefined when not checked */
  hasQrCode?: boolean
  /** decoded QR payload, when any */
  qrText?: string
  /**
   * The image was to be checked for a QR code and could not be (HQ reviews it: one batched
   * line); undefined when it was checked, or not looked at (private chats, groups that do not check)
   */
  qrUnchecked?: QrUncheckedReason
  /**
   * Big images (`images.burst`) this member posted in this group within the burst window,
   * this one included, once they reach `images.burst.images`: a harassment signal
   */
  imageBurst?: number
  /**
   * A voice message's length in seconds, when the puppet gives it (src/wechat/to-inbound.ts
   * says which do); undefined for other kinds and for puppets that do not
   */
  voiceSeconds?: number
  /**
   * A WeChat system line, not a member's words (a recall notice, a join or pin tip: the
   * puppet's Unknown and Recalled types): the rules do not judge it, flood does not count it
   */
  system?: true
  /** epoch ms */
  timestamp: number
}

export type MemberRole = 'owner' | 'admin' | 'leader' | 'exempt' | 'hq-role' | 'member'

export interface MemberInfo {
  id: string
  name: string
  /** group nickname (room alias), when set */
  alias: string | undefined
}

export interface GroupInfo {
  roomId: string
  topic: string
  memberCount: number
  /** the bot is the owner */
  botIsOwner: boolean
  /** the bot is an admin */
  botIsAdmin: boolean
  ownerId: string | undefined
  adminIds: string[]
}
