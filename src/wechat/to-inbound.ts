import { FileBoxType, type FileBoxInterface } from 'file-box'
import { types } from 'wechaty'
import type { MessageInterface } from 'wechaty/impls'
import type { InboundMessage, MessageKind, QrCheck } from '../core/types'

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

/** the puppet's types for WeChat's own lines in a chat (recalls, join and pin tips), not a member's words */
const SYSTEM_TYPES: ReadonlySet<number> = new Set([types.Message.Unknown, types.Message.Recalled])

export interface ToInboundOptions {
  /** reads QR codes from images; when absent images are not checked */
  qr?: InboundQr
}

export interface InboundQr {
  /** asked before an image's bytes are fetched; images in private chats are never read */
  shouldRead(roomId: string): Promise<boolean>
  /**
   * What the image holds; it may wait (every reader busy) and come back minutes later, or
   * unchecked with the reason. Never throws.
   */
  read(image: MessageImage, about: { room: string; member: string; messageId: string }): Promise<QrCheck>
}

/** A message's image as the QR reader fetches it: the first bytes for its header, then all of it, as often as needed. */
export interface MessageImage {
  head(n: number): Promise<Buffer>
  /** a buffer of its own each time (the reader hands it to a worker thread without a copy); undefined past `maxBytes` */
  bytes(maxBytes: number): Promise<Buffer | undefined>
  owned: true
  /** the image waits: nothing of the file is held meanwhile */
  release(): void
}

/** The first `n` bytes (or fewer) of a file, without fetching (or decoding) the rest. */
async function headOf(box: FileBoxInterface, n: number): Promise<Buffer> {
  if (box.type === FileBoxType.Base64) return Buffer.from((await box.toBase64()).slice(0, Math.ceil(n / 3) * 4), 'base64').subarray(0, n)
  if (box.type === FileBoxType.Buffer) return (await box.toBuffer()).subarray(0, n)
  const stream = await box.toStream()
  const parts: Buffer[] = []
  let got = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk)
      got += chunk.length
      if (got >= n) break
    }
  } finally {
    stream.destroy()
  }
  return Buffer.concat(parts).subarray(0, n)
}

/**
 * The whole file in one buffer of its own, allocated once where the size is known (a
 * streamed file is copied into it chunk by chunk, not gathered and then concatenated:
 * half the peak for a 40 MB photo), or undefined for a file over `maxBytes` (its stated
 * size, or what arrived so far: the rest is not read). A buffer-backed box's own buffer is
 * copied, so the reader may hand the result to a worker thread.
 */
async function allOf(box: FileBoxInterface, maxBytes: number): Promise<Buffer | undefined> {
  if (box.size > maxBytes) return undefined
  if (box.type === FileBoxType.Base64) {
    const base64 = await box.toBase64()
    return Math.floor((base64.length * 3) / 4) - 2 > maxBytes ? undefined : Buffer.from(base64, 'base64')
  }
  if (box.type === FileBoxType.Buffer) return Buffer.from(await box.toBuffer())
  const size = box.size > 0 ? box.size : 0
  const whole = size > 0 ? Buffer.allocUnsafeSlow(size) : undefined
  const parts: Buffer[] = []
  let filled = 0
  let got = 0
  const stream = await box.toStream()
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      got += chunk.length
      if (got > maxBytes) return undefined
      if (whole && parts.length === 0 && filled + chunk.length <= size) {
        chunk.copy(whole, filled)
        filled += chunk.length
      } else parts.push(chunk)
    }
  } finally {
    stream.destroy()
  }
  if (!whole) return Buffer.concat(parts)
  // the stated size was wrong: what came is what counts
  return filled === size && parts.length === 0 ? whole : Buffer.concat([whole.subarray(0, filled), ...parts])
}

/**
 * Each call asks the puppet for the file again: an image that waited is fetched when its
 * turn comes. The box the message came with serves the header and, when the image is read
 * at once, the bytes (a streamed box reads once, so then the bytes are fetched anew); the
 * reader lets it go (`release`) when the image has to wait.
 */
function messageImage(message: MessageInterface, first: FileBoxInterface): MessageImage {
  let kept: FileBoxInterface | undefined = first
  const box = async () => kept ?? (await message.toFileBox())
  return {
    owned: true,
    async head(n) {
      const b = await box()
      const head = await headOf(b, n)
      if (b.type !== FileBoxType.Buffer && b.type !== FileBoxType.Base64) kept = undefined // its stream is spent
      return head
    },
    async bytes(maxBytes) {
      const b = await box()
      kept = undefined
      return allOf(b, maxBytes)
    },
    release() {
      kept = undefined
    },
  }
}

/**
 * A voice message's length in seconds, from what the puppet gives as its text: WeChat's own
 * XML for a voice (`<msg><voicemsg voicelength="75000" …/></msg>`, milliseconds). Puppets
 * that pass the protocol's content through as the text give it: puppet-padlocal does (its
 * schema mapper keeps the content as `text`), and so would any puppet that does the same.
 * Puppets that give a voice no such text (docs/config.md lists what is known) leave
 * `voiceSeconds` unset, and the voice check never judges the message. The file is not
 * fetched for its length: that would be a download per voice (padlocal also sets
 * `metadata.voiceLength`, in ms, on the file it fetches; padplus, in seconds).
 */
export function voiceSeconds(text: string): number | undefined {
  // the first <voicemsg …> tag only, read once: linear however hostile the text
  const at = text.indexOf('<voicemsg')
  if (at < 0) return undefined
  const end = text.indexOf('>', at)
  const tag = text.slice(at, end < 0 ? at + 2000 : Math.min(end, at + 2000))
  const m = /\svoicelength\s*=\s*["'](\d{1,9})["']/.exec(tag)
  return m?.[1] === undefined ? undefined : Number(m[1]) / 1000
}

/**
 * 「@所有人」 as WeChat writes it: the words, then U+2005 (or a space, or the end). Puppets
 * give no contact for it (padlocal's `notify@all` is not one), so the text is what tells.
 */
const MENTION_ALL = /@所有人(?:[\u2005\s]|$)/u

/** True when a group text @s everyone (linear in the text). */
export function mentionsAll(text: string): boolean {
  return MENTION_ALL.test(text)
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
  if (SYSTEM_TYPES.has(message.type())) base.system = true
  if (room && kind === 'text' && mentionsAll(base.text)) base.mentionAll = true
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
    case 'audio': {
      const seconds = voiceSeconds(base.text)
      return seconds === undefined ? base : { ...base, voiceSeconds: seconds }
    }
    case 'image':
    case 'file': {
      let box: FileBoxInterface | undefined = await message.toFileBox()
      const withName = { ...base, fileName: box.name, text: box.name }
      const qr = opts.qr
      if (kind !== 'image' || !qr || !room) return withName
      // a failed look-up (Redis) costs the QR check, never the message
      if (!(await qr.shouldRead(room.id).catch(() => false))) return withName
      const image = messageImage(message, box)
      box = undefined // the reader holds it only until the image is read or waits
      const check: QrCheck = await qr
        .read(image, { room: room.id, member: talker.id, messageId: message.id })
        .catch(() => ({ outcome: 'unchecked', reason: 'failed' }))
      const burst = check.burst !== undefined ? { imageBurst: check.burst } : {}
      if (check.outcome === 'unchecked') return { ...withName, qrUnchecked: check.reason, ...burst }
      return { ...withName, hasQrCode: check.outcome === 'qr', ...(check.outcome === 'qr' ? { qrText: check.text } : {}), ...burst }
    }
    default:
      return base
  }
}
