import { types } from 'wechaty'
import type { MessageInterface } from 'wechaty/impls'
import type { InboundMessage, MessageKind } from '../core/types'

const KIND: Partial<Record<number, MessageKind>> = {
  [types.Message.Text]: 'text',
  [types.Message.Image]: 'image',
  [types.Message.Attachment]: 'file',
  [types.Message.Url]: 'url',
  [types.Message.MiniProgram]: 'miniProgram',
  [types.Message.Contact]: 'card',
  [types.Message.Video]: 'video',
  [types.Message.Audio]: 'audio',
  [types.Message.Emoticon]: 'emoticon',
}

export interface ToInboundOptions {
  /** reads QR codes from images; when absent images are not checked */
  qr?: InboundQr
}

export interface InboundQr {
  /** asked before an image's bytes are fetched; images in private chats are never read */
  shouldRead(roomId: string): Promise<boolean>
  /** the QR code's text, or undefined; never throws */
  read(data: Buffer, about: { room: string; messageId: string }): Promise<string | undefined>
}

/** The one place a Wechaty message becomes plain data. */
export async function toInbound(message: MessageInterface, opts: ToInboundOptions = {}): Promise<InboundMessage> {
  const room = message.room()
  const talker = message.talker()
  const kind = KIND[message.type()] ?? 'other'
  const mentionList = room ? await message.mentionList().catch(() => []) : []
  const base: InboundMessage = {
    id: message.id,
    roomId: room?.id,
    fromId: talker.id,
    fromName: talker.name(),
    fromAlias: room ? ((await room.alias(talker).catch(() => undefined)) ?? undefined) : undefined,
    kind,
    text: message.text(),
    mentionIds: mentionList.map((c) => c.id),
    mentionsSelf: room ? await message.mentionSelf().catch(() => false) : false,
    timestamp: message.date().getTime(),
  }
  if (room && kind === 'text') {
    const body = await message.mentionText().catch(() => base.text)
    if (body !== base.text) base.body = body
  }
  switch (kind) {
    case 'url': {
      const link = await message.toUrlLink()
      return { ...base, text: link.title(), url: { title: link.title(), url: link.url(), description: link.description() ?? undefined } }
    }
    case 'miniProgram': {
      const mp = await message.toMiniProgram()
      return { ...base, text: mp.title() ?? '', miniProgram: { title: mp.title() ?? '', appid: mp.appid() ?? undefined } }
    }
    case 'card': {
      const card = await message.toContact()
      return { ...base, cardId: card.id }
    }
    case 'image':
    case 'file': {
      const box = await message.toFileBox()
      const withName = { ...base, fileName: box.name, text: box.name }
      const qr = opts.qr
      if (kind !== 'image' || !qr || !room) return withName
      // a failed look-up (Redis) or download costs the QR check, never the message
      if (!(await qr.shouldRead(room.id).catch(() => false))) return withName
      const qrText = await box
        .toBuffer()
        .then((data) => qr.read(data, { room: room.id, messageId: message.id }))
        .catch(() => undefined)
      return { ...withName, hasQrCode: qrText !== undefined, ...(qrText !== undefined ? { qrText } : {}) }
    }
    default:
      return base
  }
}
