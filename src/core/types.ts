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
