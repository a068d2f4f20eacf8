import { shownContent } from './content-kinds'
import type { SimWorld, WorldEvent } from './world'

/**
 * Turns what happens in the simulated world into lines a person reads, for `npm start`:
 * members' messages, joins and leaves, and every action of the bot, as they happen.
 */
export function formatEvent(event: WorldEvent, world: SimWorld, color = false): string | undefined {
  const c = colors(color)
  const time = new Date().toTimeString().slice(0, 8)
  const roomName = (id: string | undefined) => (id ? (world.rooms.get(id)?.topic ?? id) : '私聊')
  const who = (id: string, roomId?: string) => {
    const alias = roomId ? world.rooms.get(roomId)?.members.get(id)?.alias : undefined
    return alias ?? world.contacts.get(id)?.name ?? id
  }
  // one account: 机器人; several: each by its name
  const botName = (id: string) => (world.botIds.length > 1 ? `机器人 ${who(id)} ` : '机器人')
  const line = (room: string, text: string) => `${c.dim(time)} ${c.cyan(`[${room}]`)} ${text}`
  switch (event.type) {
    case 'message': {
      const m = event.message
      if (world.botIds.includes(m.fromId)) return undefined // shown as the bot's action
      const where = m.roomId ? roomName(m.roomId) : `私聊 → ${who(m.toId ?? world.botId)}`
      return line(where, `${who(m.fromId, m.roomId)}: ${shownContent(m.content, { contactName: (id) => world.contacts.get(id)?.name ?? id })}`)
    }
    case 'join':
      return line(roomName(event.roomId), c.green(`➕ ${event.contactIds.map((id) => who(id, event.roomId)).join('、')} 加入了群聊（邀请人: ${who(event.inviterId)}）`))
    case 'leave':
      return event.removerId
        ? undefined // the bot's removal is shown as its action
        : line(roomName(event.roomId), c.dim(`➖ ${event.contactIds.map((id) => who(id)).join('、')} 退出了群聊`))
    case 'alias':
      return line(roomName(event.roomId), c.dim(`✏️ ${who(event.contactId)} 把群昵称改为「${event.alias}」`))
    case 'topic':
      return line(roomName(event.roomId), c.dim(`✏️ ${who(event.changerId)} 把群名改为「${event.topic}」`))
    case 'friend-request':
      return line('好友申请', `${who(event.friendship.contactId)}: ${event.friendship.hello}`)
    case 'login':
      return line('账号', c.green(`✅ ${botName(event.contactId)}已登录`))
    case 'logout':
      return line('账号', c.red(`⚠️ ${botName(event.contactId)}已掉线`))
    case 'ban':
      return line('账号', c.red(`⛔ ${botName(event.contactId)}被微信限制: ${event.refusal}`))
    case 'action': {
      const a = event.line
      const actor = typeof a.bot === 'string' ? a.bot : world.botId
      const bot = c.bold(c.yellow(`🤖 ${who(actor)}`))
      const room = a.room ? roomName(a.room) : a.contact ? `私聊 → ${who(a.contact)}` : '—'
      switch (a.type) {
        case 'say':
          return line(room, `${bot}: ${a.text ?? ''}`)
        case 'send':
          return line(room, `${bot}: [${a.kind}] ${a.name ?? ''}`)
        case 'remove':
          return line(roomName(a.room), a.ok ? c.red(`🚫 ${who(actor)} 把 ${who(a.contact ?? '')} 移出了群聊`) : c.red(`❌ 移出 ${who(a.contact ?? '')} 失败: ${a.error}`))
        case 'announce':
          return line(roomName(a.room), a.ok ? `📢 ${bot} 发布群公告: ${a.text}` : c.red(`❌ 发布群公告失败: ${a.error}`))
        case 'invite':
          return line(roomName(a.room), `${bot} 邀请 ${who(a.contact ?? '')} 进群`)
        case 'invite-pending':
          return line(roomName(a.room), `${bot} 向 ${who(a.contact ?? '')} 发出入群邀请（超过40人，待对方接受）`)
        case 'room-create':
          return line(roomName(a.room), `${bot} 创建了群聊「${String(a.topic ?? '')}」`)
        case 'accept-friend':
          return line('好友申请', `${bot} 通过了 ${who(a.contact ?? '')} 的好友申请`)
        case 'send-failed':
          return line(room, c.red(`❌ 发送失败: ${a.error}`))
        case 'send-held':
          return line(room, c.red('⏳ 发送卡住，微信未回应'))
        case 'summary':
          return undefined
      }
    }
  }
  return undefined
}

function colors(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s)
  return { dim: wrap('2'), cyan: wrap('36'), green: wrap('32'), red: wrap('31'), yellow: wrap('33'), bold: wrap('1') }
}
