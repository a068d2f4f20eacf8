import * as PUPPET from 'wechaty-puppet'
import { FileBox, type FileBoxInterface } from 'file-box'
import { fileNameOf, puppetText, puppetType } from './content-kinds'
import type { SimContent, SimFriendship, SimMessage, SimWorld, WorldSignals } from './world'

/**
 * A Wechaty puppet whose WeChat is a `SimWorld`. The real Wechaty (and, through
 * `PuppetServer`, the real puppet-service client) runs on top of it unchanged.
 * Several puppets may be built on one world in turn (a restarted bot); only a
 * started puppet listens.
 */
/** The events Wechaty turns into bot events (or an `error`): what may be in transit. */
const DELIVERED = new Set(['message', 'room-join', 'room-leave', 'room-topic', 'friendship', 'login', 'logout'])

export class PuppetSim extends PUPPET.Puppet {
  private detach: (() => void) | undefined
  private abandoned = false
  private readonly emittedCounts: Record<string, number> = {}

  /** the bot account this puppet logs in as (issue 11: one puppet per account) */
  readonly botId: string

  /**
   * `served`: the puppet is behind a puppet-service server, which must serialise files
   * (base64). Direct, a file is handed over as the buffer it is, as a real puppet hands the
   * bot a stream, not a second copy of the file in base64 (what issue 17's memory figures need).
   */
  constructor(
    private readonly simWorld: SimWorld,
    options: PUPPET.PuppetOptions = {},
    botId?: string,
    private readonly files: { served: boolean } = { served: true },
  ) {
    super(options)
    this.botId = botId ?? simWorld.primaryBotId
    // `emit` is an instance property of the base puppet: wrap it to count what Wechaty is handed
    const emit = this.emit.bind(this)
    this.emit = ((...args: Parameters<typeof emit>) => {
      const kind = String(args[0])
      if (DELIVERED.has(kind)) this.emittedCounts[kind] = (this.emittedCounts[kind] ?? 0) + 1
      return emit(...args)
    }) as typeof emit
  }

  get world(): SimWorld {
    if (this.abandoned) throw new Error('this bot process has crashed')
    return this.simWorld
  }

  /** Events handed to Wechaty so far, by kind; with the adapter's `received()`, what is in transit. */
  emitted(): Readonly<Record<string, number>> {
    return this.emittedCounts
  }

  /** a call into the world as this puppet's account */
  private act<T>(fn: (w: SimWorld) => T): T {
    const w = this.world
    return w.as(this.botId, () => fn(w))
  }

  override name(): string {
    return 'qunhq-puppet-sim'
  }

  override async onStart(): Promise<void> {
    const w = this.world
    const on = <K extends keyof WorldSignals>(name: K, fn: (...args: WorldSignals[K]) => void) => {
      w.on(name, fn as never)
      return () => w.off(name, fn as never)
    }
    const me = this.botId
    // what this account hears: rooms it is in, its own private chats, while it is logged in
    const hears = (roomId: string) => w.isLoggedIn(me) && w.rooms.get(roomId)?.members.has(me) === true
    const hearsMessage = (m: SimMessage) =>
      w.isLoggedIn(me) && (m.roomId ? hears(m.roomId) : m.toId === me || m.fromId === me)
    const offs = [
      on('message', (m: SimMessage) => {
        if (hearsMessage(m)) this.emit('message', { messageId: m.id })
      }),
      on('room-join', (p) => {
        if (!hears(p.roomId)) return
        this.dirtyPayload(PUPPET.types.Dirty.Room, p.roomId)
        this.dirtyPayload(PUPPET.types.Dirty.RoomMember, p.roomId)
        this.emit('room-join', p)
      }),
      on('room-leave', (p) => {
        if (!hears(p.roomId)) return
        this.dirtyPayload(PUPPET.types.Dirty.Room, p.roomId)
        this.emit('room-leave', p)
      }),
      on('room-topic', (p) => {
        if (!hears(p.roomId)) return
        this.dirtyPayload(PUPPET.types.Dirty.Room, p.roomId)
        this.emit('room-topic', p)
      }),
      on('friendship', (f: SimFriendship) => {
        if (me === w.primaryBotId && w.isLoggedIn(me)) this.emit('friendship', { friendshipId: f.id })
      }),
      on('dirty', (d) => {
        const type =
          d.kind === 'room' ? PUPPET.types.Dirty.Room : d.kind === 'room-member' ? PUPPET.types.Dirty.RoomMember : PUPPET.types.Dirty.Contact
        this.dirtyPayload(type, d.id)
        if (d.kind === 'room') this.dirtyPayload(PUPPET.types.Dirty.RoomMember, d.id)
      }),
      on('login', (id: string) => {
        if (id === me) this.loginAndReady(id)
      }),
      on('logout', (id: string) => {
        if (id === me && this.isLoggedIn) void this.logout('the simulated account went offline')
      }),
    ]
    this.detach = () => offs.forEach((off) => off())
    if (w.isLoggedIn(me)) setImmediate(() => this.loginAndReady(me))
  }

  /** Real puppets emit `ready` once the contact and room lists are loaded after login. */
  private loginAndReady(id: string): void {
    if (this.isLoggedIn) return
    this.login(id)
    setImmediate(() => this.emit('ready', { data: 'simulated WeChat is ready' }))
  }

  /**
   * A crashed bot: stop hearing the world at once, and let every later call fail, so
   * an abandoned process can never act after its successor has started.
   */
  abandon(): void {
    this.abandoned = true
    this.detach?.()
    this.detach = undefined
  }

  /**
   * A crash inside this puppet while its process lives on (issue 23): Wechaty hears an
   * error, the puppet stops hearing the world and every later call of it fails.
   */
  crash(): void {
    this.abandon()
    this.emit('error', { data: 'simulated puppet crash' })
  }

  override async onStop(): Promise<void> {
    this.detach?.()
    this.detach = undefined
  }

  // ---------- contacts ----------

  override async contactList(): Promise<string[]> {
    return [...this.world.contacts.keys()]
  }

  override async contactRawPayload(id: string): Promise<PUPPET.payloads.Contact> {
    // Wechaty (1.20) reloads a RoomMember "dirty" id as if it were a contact id, and that id
    // is a room id. Answer with a placeholder instead of an error, as pad puppets do.
    const room = this.world.rooms.get(id)
    if (room) {
      return { id, name: room.topic, avatar: '', gender: PUPPET.types.ContactGender.Unknown, type: PUPPET.types.Contact.Unknown, phone: [] }
    }
    const c = this.world.contact(id)
    return {
      id: c.id,
      name: c.name,
      avatar: '',
      gender: PUPPET.types.ContactGender.Unknown,
      type: PUPPET.types.Contact.Individual,
      phone: [],
      friend: c.friend,
    }
  }

  override async contactRawPayloadParser(payload: PUPPET.payloads.Contact): Promise<PUPPET.payloads.Contact> {
    return payload
  }

  override async contactAlias(contactId: string): Promise<string>
  override async contactAlias(contactId: string, alias: string | null): Promise<void>
  override async contactAlias(_contactId: string, alias?: string | null): Promise<string | void> {
    if (alias === undefined) return ''
  }

  override async contactAvatar(contactId: string): Promise<FileBoxInterface>
  override async contactAvatar(contactId: string, file: FileBoxInterface): Promise<void>
  override async contactAvatar(contactId: string, file?: FileBoxInterface): Promise<FileBoxInterface | void> {
    if (file) return
    return FileBox.fromBase64('', `${contactId}.png`)
  }

  // ---------- rooms ----------

  override async roomList(): Promise<string[]> {
    return this.act((w) => w.botRoomIds())
  }

  override async roomRawPayload(id: string): Promise<PUPPET.payloads.Room> {
    const r = this.world.room(id)
    return {
      id: r.id,
      topic: r.topic,
      avatar: '',
      memberIdList: [...r.members.keys()],
      ownerId: r.ownerId,
      adminIdList: [...r.adminIds],
    }
  }

  override async roomRawPayloadParser(payload: PUPPET.payloads.Room): Promise<PUPPET.payloads.Room> {
    return payload
  }

  override async roomMemberList(roomId: string): Promise<string[]> {
    return [...this.world.room(roomId).members.keys()]
  }

  override async roomMemberRawPayload(roomId: string, contactId: string): Promise<PUPPET.payloads.RoomMember> {
    const member = this.world.room(roomId).members.get(contactId)
    const contact = this.world.contact(contactId)
    return {
      id: contactId,
      name: contact.name,
      avatar: '',
      ...(member?.alias ? { roomAlias: member.alias } : {}),
      ...(member?.inviterId ? { inviterId: member.inviterId } : {}),
    }
  }

  override async roomMemberRawPayloadParser(payload: PUPPET.payloads.RoomMember): Promise<PUPPET.payloads.RoomMember> {
    return payload
  }

  override async roomDel(roomId: string, contactId: string): Promise<void> {
    this.act((w) => w.botRemove(roomId, contactId))
  }

  override async roomAdd(roomId: string, contactId: string): Promise<void> {
    this.act((w) => w.botInvite(roomId, contactId))
  }

  override async roomCreate(contactIdList: string[], topic?: string): Promise<string> {
    return this.world.botCreateRoom(contactIdList, topic ?? '')
  }

  override async roomTopic(roomId: string): Promise<string>
  override async roomTopic(roomId: string, topic: string): Promise<void>
  override async roomTopic(roomId: string, topic?: string): Promise<string | void> {
    if (topic === undefined) return this.world.room(roomId).topic
    this.act((w) => w.botSetTopic(roomId, topic))
  }

  override async roomAnnounce(roomId: string): Promise<string>
  override async roomAnnounce(roomId: string, text: string): Promise<void>
  override async roomAnnounce(roomId: string, text?: string): Promise<string | void> {
    if (text === undefined) return this.world.room(roomId).announcement
    this.act((w) => w.botAnnounce(roomId, text))
  }

  override async roomQRCode(roomId: string): Promise<string> {
    return `https://weixin.qq.com/g/${encodeURIComponent(roomId)}`
  }

  override async roomAvatar(roomId: string): Promise<FileBoxInterface> {
    return FileBox.fromBase64('', `${roomId}.png`)
  }

  override async roomInvitationRawPayload(id: string): Promise<unknown> {
    return { id }
  }

  override async roomInvitationRawPayloadParser(raw: unknown): Promise<PUPPET.payloads.RoomInvitation> {
    return raw as PUPPET.payloads.RoomInvitation
  }

  // ---------- friendships ----------

  override async friendshipRawPayload(id: string): Promise<PUPPET.payloads.Friendship> {
    const f = this.world.friendships.get(id)
    if (!f) throw new Error(`no such friend request: ${id}`)
    return {
      id: f.id,
      contactId: f.contactId,
      hello: f.hello,
      timestamp: Math.floor(f.timestamp / 1000),
      ticket: f.id,
      type: PUPPET.types.Friendship.Receive,
    }
  }

  override async friendshipRawPayloadParser(payload: PUPPET.payloads.Friendship): Promise<PUPPET.payloads.Friendship> {
    return payload
  }

  override async friendshipAccept(friendshipId: string): Promise<void> {
    this.act((w) => w.botAcceptFriend(friendshipId))
  }

  // ---------- messages ----------

  override async messageRawPayload(id: string): Promise<PUPPET.payloads.Message> {
    const m = this.world.messages.get(id)
    if (!m) throw new Error(`no such message: ${id}`)
    const filename = fileNameOf(m.content)
    const base = {
      id: m.id,
      talkerId: m.fromId,
      timestamp: Math.floor(m.timestamp / 1000),
      type: puppetType(m.content),
      text: this.act((w) => messageText(w, m)),
      ...(filename !== undefined ? { filename } : {}),
    }
    if (m.roomId) return { ...base, roomId: m.roomId, mentionIdList: m.mentionIds }
    return { ...base, listenerId: m.fromId === this.botId ? (m.toId ?? '') : this.botId }
  }

  override async messageRawPayloadParser(payload: PUPPET.payloads.Message): Promise<PUPPET.payloads.Message> {
    return payload
  }

  private content(id: string): SimContent {
    const m = this.world.messages.get(id)
    if (!m) throw new Error(`no such message: ${id}`)
    return m.content
  }

  override async messageImage(id: string): Promise<FileBoxInterface> {
    return this.messageFile(id)
  }

  override async messageFile(id: string): Promise<FileBoxInterface> {
    const c = this.content(id)
    if (c.kind !== 'image' && c.kind !== 'file') throw new Error(`message ${id} has no file`)
    // a buffer-backed FileBox cannot be serialised over puppet-service: base64 there
    return this.files.served ? FileBox.fromBase64(c.data.toString('base64'), c.name) : FileBox.fromBuffer(c.data, c.name)
  }

  override async messageUrl(id: string): Promise<PUPPET.payloads.UrlLink> {
    const c = this.content(id)
    if (c.kind !== 'url') throw new Error(`message ${id} is not a link`)
    return { title: c.title, url: c.url, ...(c.description ? { description: c.description } : {}) }
  }

  override async messageMiniProgram(id: string): Promise<PUPPET.payloads.MiniProgram> {
    const c = this.content(id)
    if (c.kind !== 'miniProgram') throw new Error(`message ${id} is not a mini-program`)
    return { title: c.title, ...(c.appid ? { appid: c.appid } : {}) }
  }

  override async messageContact(id: string): Promise<string> {
    const c = this.content(id)
    if (c.kind !== 'card') throw new Error(`message ${id} is not a contact card`)
    return c.contactId
  }

  override async messageRecall(): Promise<boolean> {
    return false
  }

  /** a send the world holds (`holdSends`) waits here; the puppet of a process that died meanwhile sends nothing */
  private async gate(conversationId: string): Promise<void> {
    const held = this.act((w) => w.sendGate(conversationId))
    if (held) await held
  }

  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    await this.gate(conversationId)
    this.act((w) => w.botSend(conversationId, { kind: 'text', text }, mentionIdList ?? []))
  }

  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    await this.gate(conversationId)
    const data = await file.toBuffer()
    const kind = /\.(png|jpe?g|gif|webp|bmp)$/i.test(file.name) ? 'image' : 'file'
    this.act((w) => w.botSend(conversationId, { kind, name: file.name, data }))
  }

  override async messageSendUrl(conversationId: string, p: PUPPET.payloads.UrlLink): Promise<void> {
    await this.gate(conversationId)
    this.act((w) =>
      w.botSend(conversationId, {
        kind: 'url',
        title: p.title,
        url: p.url,
        ...(p.description ? { description: p.description } : {}),
      }),
    )
  }

  override async messageSendMiniProgram(conversationId: string, p: PUPPET.payloads.MiniProgram): Promise<void> {
    await this.gate(conversationId)
    this.act((w) => w.botSend(conversationId, { kind: 'miniProgram', title: p.title ?? '', ...(p.appid ? { appid: p.appid } : {}) }))
  }

  override async messageSendContact(conversationId: string, contactId: string): Promise<void> {
    await this.gate(conversationId)
    this.act((w) => w.botSend(conversationId, { kind: 'card', contactId }))
  }

  override async messageForward(conversationId: string, messageId: string): Promise<void> {
    await this.gate(conversationId)
    this.act((w) => w.botForward(conversationId, messageId))
  }

  override async conversationReadMark(): Promise<void> {
    return
  }
}

/** The text WeChat shows for a message; a mention becomes `@name` + U+2005 as real puppets write it. */
function messageText(world: SimWorld, m: SimMessage): string {
  const c = m.content
  if (c.kind !== 'text') return puppetText(c, m, { contactName: (id) => world.contacts.get(id)?.name ?? id })
  if (m.fromId === world.botId || !m.mentionIds.length) return c.text
  const room = m.roomId ? world.rooms.get(m.roomId) : undefined
  const prefix = m.mentionIds
    .map((id) => `@${room?.members.get(id)?.alias ?? world.contacts.get(id)?.name ?? id}\u2005`)
    .join('')
  return c.text.startsWith('@') ? c.text : prefix + c.text
}
