import { FileBox } from 'file-box'
import type { WechatyInterface } from 'wechaty/impls'
import { cleanShown } from '../texts/shown-text'
import { PermanentActionError, type ActionResult, type OutboundAction } from '../outbound/actions'

/** between two mentions, as Wechaty's Room.say writes them (U+2005) */
const MENTION_SEPARATOR = '\u2005'

/**
 * Carries out one outbound action through Wechaty. Only the outbound worker calls this.
 * Errors WeChat will repeat (no such room, no rights) are `PermanentActionError`s.
 */
export async function performAction(bot: WechatyInterface, action: OutboundAction): Promise<void | ActionResult> {
  if (!bot.isLoggedIn) throw new Error('the account is logged out')
  switch (action.type) {
    case 'say': {
      const conv = await conversation(bot, action.to)
      const mentions = action.mentionIds?.length && 'topic' in conv ? await Promise.all(action.mentionIds.map((id) => bot.Contact.find({ id }))) : []
      const found = mentions.filter((c): c is NonNullable<typeof c> => !!c)
      if (found.length && 'topic' in conv) {
        // Room.say writes `@name` in front as WeChat shows it; a name carrying a right-to-left
        // override would turn the bot's own text around, so the names are cleaned (issue 17)
        const names = await Promise.all(found.map(async (c) => `@${cleanShown((await conv.alias(c)) || c.name())}`))
        await bot.puppet.messageSendText(conv.id, `${names.join(MENTION_SEPARATOR)} ${action.text}`, found.map((c) => c.id))
      } else {
        await conv.say(action.text)
      }
      return
    }
    case 'url': {
      const conv = await conversation(bot, action.to)
      await conv.say(
        new bot.UrlLink({
          title: action.title,
          url: action.url,
          ...(action.description ? { description: action.description } : {}),
          ...(action.thumbnailUrl ? { thumbnailUrl: action.thumbnailUrl } : {}),
        }),
      )
      return
    }
    case 'miniProgram': {
      const conv = await conversation(bot, action.to)
      const { type: _type, to: _to, ...payload } = action
      await conv.say(new bot.MiniProgram(payload))
      return
    }
    case 'card': {
      const conv = await conversation(bot, action.to)
      const contact = await bot.Contact.find({ id: action.contactId })
      if (!contact) throw new PermanentActionError(`no such contact: ${action.contactId}`)
      await conv.say(contact)
      return
    }
    case 'file':
    case 'image': {
      const conv = await conversation(bot, action.to)
      // an image goes as a FileBox named like a picture: puppets send those as images
      await conv.say(action.path !== undefined ? FileBox.fromFile(action.path, action.name) : FileBox.fromBase64(action.base64, action.name))
      return
    }
    case 'forward': {
      const conv = await conversation(bot, action.to)
      const message = await bot.Message.find({ id: action.messageId })
      if (!message) throw new PermanentActionError(`no such message: ${action.messageId}`)
      await message.forward(conv)
      return
    }
    case 'remove': {
      const room = await findRoom(bot, action.roomId)
      const contact = await bot.Contact.find({ id: action.contactId })
      if (!contact) throw new PermanentActionError(`no such contact: ${action.contactId}`)
      await asPermanentIfRefused(room.remove(contact))
      return
    }
    case 'announce': {
      const room = await findRoom(bot, action.roomId)
      await asPermanentIfRefused(room.announce(action.text))
      return
    }
    case 'invite': {
      const room = await findRoom(bot, action.roomId)
      const contact = await bot.Contact.find({ id: action.contactId })
      if (!contact) throw new PermanentActionError(`no such contact: ${action.contactId}`)
      await room.add(contact)
      return
    }
    case 'accept-friend': {
      const friendship = await bot.Friendship.load(action.friendshipId)
      await friendship.ready()
      await friendship.accept()
      return
    }
    case 'create-room': {
      const ids = [...new Set(action.contactIds)]
      // Wechaty's Room.create throws a plain Error for fewer; asking again will not help
      if (ids.length < 2) throw new PermanentActionError('a group needs at least 2 contacts besides the bot')
      const contacts = await Promise.all(ids.map((id) => bot.Contact.find({ id })))
      const missing = ids.filter((_, i) => !contacts[i])
      if (missing.length) throw new PermanentActionError(`no such contact: ${missing.join(', ')}`)
      const room = await bot.Room.create(contacts.filter((c): c is NonNullable<typeof c> => !!c), action.topic)
      return { roomId: room.id }
    }
  }
}

async function findRoom(bot: WechatyInterface, id: string) {
  const room = await bot.Room.find({ id })
  if (!room) throw new PermanentActionError(`the bot is not in room ${id}`)
  return room
}

async function conversation(bot: WechatyInterface, id: string) {
  if (id.includes('@chatroom') || id.includes('@')) {
    const room = await bot.Room.find({ id })
    if (room) return room
  }
  const contact = await bot.Contact.find({ id })
  if (!contact) throw new PermanentActionError(`no such room or contact: ${id}`)
  return contact
}

/** WeChat refuses removals and announcements without owner/admin rights; retrying will not help. */
async function asPermanentIfRefused(p: Promise<unknown>): Promise<void> {
  try {
    await p
  } catch (err) {
    const message = (err as Error).message
    if (/群主|管理员|owner|admin|permission|权限/i.test(message)) throw new PermanentActionError(message)
    throw err
  }
}
