import { EventEmitter } from 'node:events'

/**
 * The simulated WeChat: a small world in memory that behaves towards the bot as WeChat
 * does. Members act through the `member*` methods (driven by scenarios and the demo);
 * the bot acts through the `bot*` methods (called by the simulated puppet). Every action
 * of the bot is written to the transcript at the moment the world sees it.
 */

export type SimContent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; name: string; data: Buffer }
  | { kind: 'file'; name: string; data: Buffer }
  | { kind: 'url'; title: string; url: string; description?: string }
  | { kind: 'miniProgram'; title: string; appid?: string }
  | { kind: 'card'; contactId: string }
  /** a voice message of `seconds` (the puppet hands it as WeChat's XML, as puppet-padlocal does) */
  | { kind: 'voice'; seconds: number }

export interface SimContact {
  id: string
  name: string
  friend: boolean
}

export interface SimMember {
  alias?: string
  inviterId?: string
}

export interface SimRoom {
  id: string
  topic: string
  ownerId: string | undefined
  adminIds: string[]
  members: Map<string, SimMember>
  announcement: string
}

export interface SimMessage {
  id: string
  roomId?: string
  /** the other party of a private message */
  toId?: string
  fromId: string
  content: SimContent
  mentionIds: string[]
  timestamp: number
}

export interface SimFriendship {
  id: string
  contactId: string
  hello: string
  accepted: boolean
  timestamp: number
}

/** One line of the transcript: what the bot did, as the world saw it. */
export interface TranscriptLine {
  t: number
  /** on the virtual clock only: the bot's clock, ISO 8601 with the configured zone's offset */
  at?: string
  type:
    | 'say'
    | 'send'
    | 'remove'
    | 'announce'
    | 'invite'
    | 'invite-pending'
    | 'room-create'
    | 'accept-friend'
    | 'send-failed'
    | 'send-held'
    | 'summary'
  room?: string
  contact?: string
  text?: string
  mentions?: string[]
  kind?: string
  name?: string
  ok?: boolean
  error?: string
  [extra: string]: unknown
}

/** Everything that happens in the world, for the demo's live view (members and bot alike). */
export type WorldEvent =
  | { type: 'message'; message: SimMessage }
  | { type: 'join'; roomId: string; contactIds: string[]; inviterId: string }
  | { type: 'leave'; roomId: string; contactIds: string[]; removerId?: string }
  | { type: 'alias'; roomId: string; contactId: string; alias: string }
  | { type: 'topic'; roomId: string; topic: string; oldTopic: string; changerId: string }
  | { type: 'friend-request'; friendship: SimFriendship }
  | { type: 'login' | 'logout'; contactId: string }
  | { type: 'ban'; contactId: string; refusal: string }
  | { type: 'action'; line: TranscriptLine }

/** Raised to the puppet for things Wechaty must hear about. */
export interface WorldSignals {
  message: [SimMessage]
  'room-join': [{ roomId: string; inviteeIdList: string[]; inviterId: string; timestamp: number }]
  'room-leave': [{ roomId: string; removeeIdList: string[]; removerId: string; timestamp: number }]
  'room-topic': [{ roomId: string; newTopic: string; oldTopic: string; changerId: string; timestamp: number }]
  friendship: [SimFriendship]
  login: [string]
  logout: [string]
  /** a payload changed without an event (alias, silent leave, announcement) */
  dirty: [{ kind: 'room' | 'room-member' | 'contact'; id: string }]
  event: [WorldEvent]
}

export class SimError extends Error {
  override readonly name = 'SimError'
}

/**
 * WeChat adds a contact at once only to a group of at most 40 members; above that, an add
 * becomes an invitation card the person must accept (padchat `WXAddChatRoomMember` answers
 * "Need invite", wechaty#1374; padlocal sends the card and `room.add()` resolves).
 */
export const DIRECT_ADD_MAX_MEMBERS = 40

export interface WorldOptions {
  bot: { id: string; name: string }
  /**
   * Several bot accounts (issue 11): the first is the primary, the one that acts when no
   * account is named; `bot` is then not used.
   */
  bots?: { id: string; name: string }[]
  /** the clock of the world, in ms; transcript times are relative to `startedAt` */
  now?: () => number
  /** on the virtual clock: each transcript line's `at`, written from the clock's reading */
  stamp?: (now: number) => string
}

/** one bot account's standing with WeChat */
interface BotAccount {
  loggedIn: boolean
  /** WeChat's refusal once the account is banned (its sends fail with it) */
  banned?: string
}

export class SimWorld extends EventEmitter<WorldSignals> {
  /** the bot accounts, primary first */
  readonly botIds: string[]
  readonly primaryBotId: string
  private readonly accounts = new Map<string, BotAccount>()
  /** the account whose action runs now (see `as`); the primary otherwise */
  private acting: string | undefined
  readonly contacts = new Map<string, SimContact>()
  readonly rooms = new Map<string, SimRoom>()
  readonly messages = new Map<string, SimMessage>()
  readonly friendships = new Map<string, SimFriendship>()
  /** invitations sent into rooms above 40 members, not yet accepted: `${roomId} ${contactId}` */
  readonly pendingInvites = new Set<string>()
  readonly transcript: TranscriptLine[] = []
  private failNext = 0
  private failError = 'injected send failure'
  /** sends held unanswered (`holdSends`): how many more, in which conversation (any when undefined) */
  private holdNext = 0
  private holdIn: string | undefined
  private readonly held: (() => void)[] = []
  private seq = 0
  private createdRooms = 0
  private readonly now: () => number
  private readonly stamp: ((now: number) => string) | undefined
  readonly startedAt: number

  constructor(options: WorldOptions) {
    super()
    this.setMaxListeners(50)
    this.now = options.now ?? Date.now
    this.stamp = options.stamp
    this.startedAt = this.now()
    const bots = options.bots?.length ? options.bots : [options.bot]
    this.botIds = bots.map((b) => b.id)
    this.primaryBotId = bots[0]!.id
    for (const b of bots) {
      if (this.accounts.has(b.id)) throw new SimError(`bot ${b.id} is listed twice`)
      this.accounts.set(b.id, { loggedIn: true })
      this.addContact(b.id, b.name)
    }
  }

  /** the bot account acting now: the one named by `as`, else the primary */
  get botId(): string {
    return this.acting ?? this.primaryBotId
  }

  /** whether the acting account is logged in */
  get loggedIn(): boolean {
    return this.account(this.botId).loggedIn
  }

  set loggedIn(value: boolean) {
    this.account(this.botId).loggedIn = value
  }

  isLoggedIn(botId: string): boolean {
    return this.account(botId).loggedIn
  }

  /** Runs `fn` (synchronous: a `bot*` method) as the account `botId`. */
  as<T>(botId: string, fn: () => T): T {
    this.account(botId)
    const before = this.acting
    this.acting = botId
    try {
      return fn()
    } finally {
      this.acting = before
    }
  }

  private account(botId: string): BotAccount {
    const a = this.accounts.get(botId)
    if (!a) throw new SimError(`no such bot account: ${botId}`)
    return a
  }

  // ---------- building the world ----------

  addContact(id: string, name?: string): SimContact {
    const existing = this.contacts.get(id)
    if (existing) {
      if (name) existing.name = name
      return existing
    }
    const contact = { id, name: name ?? id.replace(/^wxid_/, ''), friend: false }
    this.contacts.set(id, contact)
    return contact
  }

  addRoom(spec: {
    id: string
    topic: string
    ownerId?: string
    adminIds?: string[]
    memberIds: string[]
    aliases?: Record<string, string>
    /** the bot accounts in the room; default every one */
    botIds?: string[]
  }): SimRoom {
    if (!spec.id.includes('@')) throw new SimError(`room id must contain "@": ${spec.id}`)
    const members = new Map<string, SimMember>()
    const botIds = spec.botIds ?? this.botIds
    for (const b of botIds) this.account(b)
    for (const id of [...botIds, ...spec.memberIds]) {
      this.addContact(id)
      members.set(id, {})
    }
    for (const [id, alias] of Object.entries(spec.aliases ?? {})) {
      const m = members.get(id)
      if (m) m.alias = alias
    }
    const ownerId = spec.ownerId ?? botIds[0] ?? this.botId
    this.addContact(ownerId)
    if (!members.has(ownerId)) members.set(ownerId, {})
    const room: SimRoom = {
      id: spec.id,
      topic: spec.topic,
      ownerId,
      adminIds: [...(spec.adminIds ?? [])],
      members,
      announcement: '',
    }
    this.rooms.set(room.id, room)
    return room
  }

  room(id: string): SimRoom {
    const room = this.rooms.get(id)
    if (!room) throw new SimError(`no such room: ${id}`)
    return room
  }

  contact(id: string): SimContact {
    const contact = this.contacts.get(id)
    if (!contact) throw new SimError(`no such contact: ${id}`)
    return contact
  }

  /** transcript time */
  elapsed(): number {
    return this.now() - this.startedAt
  }

  /** The room ids the bot is a member of. */
  botRoomIds(): string[] {
    return [...this.rooms.values()].filter((r) => r.members.has(this.botId)).map((r) => r.id)
  }

  botCanManage(roomId: string): boolean {
    const room = this.room(roomId)
    return room.ownerId === this.botId || room.adminIds.includes(this.botId)
  }

  // ---------- members act ----------

  memberSay(roomId: string, fromId: string, content: SimContent, mentionIds: string[] = []): SimMessage {
    const room = this.room(roomId)
    if (!room.members.has(fromId)) throw new SimError(`${fromId} is not a member of ${roomId}`)
    if (content.kind === 'card') this.addContact(content.contactId)
    const message = this.record({ roomId, fromId, content, mentionIds })
    this.publish(message)
    return message
  }

  /** a private message from a contact to the bot */
  contactSay(fromId: string, content: SimContent): SimMessage {
    this.addContact(fromId)
    const message = this.record({ toId: this.botId, fromId, content, mentionIds: [] })
    this.publish(message)
    return message
  }

  memberJoin(roomId: string, contactIds: string[], inviterId: string): void {
    const room = this.room(roomId)
    this.addContact(inviterId)
    const joined: string[] = []
    for (const id of contactIds) {
      this.addContact(id)
      if (room.members.has(id)) continue
      room.members.set(id, { inviterId })
      joined.push(id)
    }
    if (!joined.length) return
    this.emit('dirty', { kind: 'room', id: roomId })
    this.emitEvent({ type: 'join', roomId, contactIds: joined, inviterId })
    this.signal('room-join', { roomId, inviteeIdList: joined, inviterId, timestamp: this.now() })
  }

  /** The contact accepts the bot's invitation card into a room above 40 members: they join, invited by the bot. */
  memberAcceptInvite(contactId: string, roomId: string): void {
    this.room(roomId)
    if (!this.pendingInvites.delete(`${roomId} ${contactId}`)) {
      throw new SimError(`${contactId} has no pending invitation into ${roomId}`)
    }
    this.memberJoin(roomId, [contactId], this.botId)
  }

  /** A member leaves by themselves: WeChat tells the bot nothing (see notes/wechaty.md). */
  memberLeave(roomId: string, contactIds: string[]): void {
    const room = this.room(roomId)
    const left = contactIds.filter((id) => room.members.delete(id))
    if (!left.length) return
    if (left.includes(room.ownerId ?? '')) room.ownerId = undefined
    this.emit('dirty', { kind: 'room', id: roomId })
    this.emitEvent({ type: 'leave', roomId, contactIds: left })
  }

  memberAlias(roomId: string, contactId: string, alias: string): void {
    const member = this.room(roomId).members.get(contactId)
    if (!member) throw new SimError(`${contactId} is not a member of ${roomId}`)
    member.alias = alias
    this.emit('dirty', { kind: 'room-member', id: roomId })
    this.emitEvent({ type: 'alias', roomId, contactId, alias })
  }

  memberTopic(roomId: string, changerId: string, topic: string): void {
    const room = this.room(roomId)
    const oldTopic = room.topic
    room.topic = topic
    this.emit('dirty', { kind: 'room', id: roomId })
    this.emitEvent({ type: 'topic', roomId, topic, oldTopic, changerId })
    this.signal('room-topic', { roomId, newTopic: topic, oldTopic, changerId, timestamp: this.now() })
  }

  friendRequest(fromId: string, hello: string): SimFriendship {
    this.addContact(fromId)
    const friendship: SimFriendship = {
      id: `friendship-${++this.seq}`,
      contactId: fromId,
      hello,
      accepted: false,
      timestamp: this.now(),
    }
    this.friendships.set(friendship.id, friendship)
    this.emitEvent({ type: 'friend-request', friendship })
    this.signal('friendship', friendship)
    return friendship
  }

  // ---------- faults ----------

  /** the next `count` sends fail with `error` (WeChat's refusal text, e.g. 「操作过于频繁」; default a plain failure) */
  failSends(count: number, error = 'injected send failure'): void {
    this.failNext += count
    this.failError = error
  }

  /**
   * The next `count` sends (to `conversationId` only, when given) hang: WeChat does not answer
   * the call until `releaseSends()`, as a slow network or a stuck puppet would. A process
   * that dies meanwhile never gets its send through, and a test knows a send is in hand
   * (the `send-held` line) when it restarts the bot: no luck of timing.
   */
  holdSends(count: number, conversationId?: string): void {
    this.holdNext += count
    this.holdIn = conversationId
  }

  /** the held sends go through (each as the bot that made it, if its process still lives) */
  releaseSends(): void {
    for (const release of this.held.splice(0)) release()
  }

  /** awaited by the puppet before a send: resolves at once unless the send is to be held */
  sendGate(conversationId: string): Promise<void> | undefined {
    if (this.holdNext <= 0 || (this.holdIn !== undefined && this.holdIn !== conversationId)) return undefined
    this.holdNext--
    const where = this.rooms.has(conversationId) ? { room: conversationId } : { contact: conversationId }
    this.action({ type: 'send-held', ...where })
    return new Promise<void>((done) => this.held.push(done))
  }

  logout(botId = this.primaryBotId): void {
    this.as(botId, () => {
      if (!this.loggedIn) return
      this.loggedIn = false
      this.emitEvent({ type: 'logout', contactId: this.botId })
      this.signal('logout', this.botId)
    })
  }

  /** logs the account in again; a banned account is cleared (WeChat lifted the ban) */
  login(botId = this.primaryBotId): void {
    this.as(botId, () => {
      if (this.loggedIn) return
      delete this.account(botId).banned
      this.loggedIn = true
      this.emitEvent({ type: 'login', contactId: this.botId })
      this.signal('login', this.botId)
    })
  }

  /** WeChat bans the account: its sends fail with `refusal` and it is logged out. */
  ban(botId: string, refusal = '账号异常'): void {
    this.account(botId).banned = refusal
    this.emitEvent({ type: 'ban', contactId: botId, refusal })
    this.logout(botId)
  }

  // ---------- the bot acts ----------

  botSend(conversationId: string, content: SimContent, mentionIds: string[] = []): SimMessage {
    const target = this.conversation(conversationId)
    const where = target.roomId ? { room: target.roomId } : { contact: target.contactId }
    this.checkSend(where)
    const message = this.record({
      roomId: target.roomId,
      toId: target.contactId,
      fromId: this.botId,
      content,
      mentionIds,
    })
    this.action(
      content.kind === 'text'
        ? { type: 'say', ...where, text: content.text, ...(mentionIds.length ? { mentions: mentionIds } : {}) }
        : { type: 'send', ...where, kind: content.kind, name: describe(content) },
    )
    // real puppets echo the bot's own sends back as messages with self() === true
    this.publish(message)
    return message
  }

  botForward(conversationId: string, messageId: string): SimMessage {
    const original = this.messages.get(messageId)
    if (!original) throw new SimError(`no such message: ${messageId}`)
    return this.botSend(conversationId, original.content)
  }

  botRemove(roomId: string, contactId: string): void {
    const room = this.room(roomId)
    if (!this.loggedIn) return this.refuse({ type: 'remove', room: roomId, contact: contactId }, 'not logged in')
    if (!this.botCanManage(roomId)) {
      return this.refuse({ type: 'remove', room: roomId, contact: contactId }, '群主或管理员才能移出成员')
    }
    if (!room.members.has(contactId)) {
      return this.refuse({ type: 'remove', room: roomId, contact: contactId }, 'not a member')
    }
    if (contactId === room.ownerId) return this.refuse({ type: 'remove', room: roomId, contact: contactId }, 'cannot remove the owner')
    room.members.delete(contactId)
    this.action({ type: 'remove', room: roomId, contact: contactId, ok: true })
    this.emit('dirty', { kind: 'room', id: roomId })
    this.emitEvent({ type: 'leave', roomId, contactIds: [contactId], removerId: this.botId })
    this.signal('room-leave', { roomId, removeeIdList: [contactId], removerId: this.botId, timestamp: this.now() })
  }

  botAnnounce(roomId: string, text: string): void {
    const room = this.room(roomId)
    if (!this.loggedIn) return this.refuse({ type: 'announce', room: roomId, text }, 'not logged in')
    if (!this.botCanManage(roomId)) return this.refuse({ type: 'announce', room: roomId, text }, '群主或管理员才能发布群公告')
    room.announcement = text
    this.action({ type: 'announce', room: roomId, text, ok: true })
    this.emit('dirty', { kind: 'room', id: roomId })
  }

  botInvite(roomId: string, contactId: string): void {
    const room = this.room(roomId)
    if (!this.loggedIn) return this.refuse({ type: 'invite', room: roomId, contact: contactId }, 'not logged in')
    this.addContact(contactId)
    if (!room.members.has(contactId) && room.members.size > DIRECT_ADD_MAX_MEMBERS) {
      // no join yet: the person gets an invitation card (see `memberAcceptInvite`)
      this.pendingInvites.add(`${roomId} ${contactId}`)
      this.action({ type: 'invite-pending', room: roomId, contact: contactId, ok: true, members: room.members.size })
      return
    }
    this.action({ type: 'invite', room: roomId, contact: contactId, ok: true })
    if (room.members.has(contactId)) return
    room.members.set(contactId, { inviterId: this.botId })
    this.emit('dirty', { kind: 'room', id: roomId })
    this.emitEvent({ type: 'join', roomId, contactIds: [contactId], inviterId: this.botId })
    this.signal('room-join', { roomId, inviteeIdList: [contactId], inviterId: this.botId, timestamp: this.now() })
  }

  botAcceptFriend(friendshipId: string): void {
    const friendship = this.friendships.get(friendshipId)
    if (!friendship) throw new SimError(`no such friend request: ${friendshipId}`)
    if (!this.loggedIn) return this.refuse({ type: 'accept-friend', contact: friendship.contactId }, 'not logged in')
    friendship.accepted = true
    this.contact(friendship.contactId).friend = true
    this.action({ type: 'accept-friend', contact: friendship.contactId, ok: true })
  }

  /**
   * The bot creates a group with these contacts (WeChat wants at least two besides the
   * creator). The bot owns it; its id is deterministic (`sim-room-<n>@chatroom`, n counting
   * from 1 in each world), and a `room-join` with the bot as inviter follows, as the pad
   * puppets report the "你邀请…加入了群聊" system message of a new group.
   */
  botCreateRoom(contactIds: string[], topic: string): string {
    const members = [...new Set(contactIds)].filter((id) => id !== this.botId)
    if (!this.loggedIn) return this.refuse({ type: 'room-create', topic, contacts: members }, 'not logged in')
    if (members.length < 2) return this.refuse({ type: 'room-create', topic, contacts: members }, 'a group needs at least 2 contacts besides the bot')
    let id: string
    do id = `sim-room-${++this.createdRooms}@chatroom`
    while (this.rooms.has(id))
    this.addRoom({ id, topic, memberIds: members })
    for (const m of members) this.room(id).members.set(m, { inviterId: this.botId })
    this.action({ type: 'room-create', room: id, topic, contacts: members, ok: true })
    this.emit('dirty', { kind: 'room', id })
    this.emitEvent({ type: 'join', roomId: id, contactIds: members, inviterId: this.botId })
    this.signal('room-join', { roomId: id, inviteeIdList: members, inviterId: this.botId, timestamp: this.now() })
    return id
  }

  botSetTopic(roomId: string, topic: string): void {
    const room = this.room(roomId)
    const oldTopic = room.topic
    room.topic = topic
    this.emit('dirty', { kind: 'room', id: roomId })
    this.signal('room-topic', { roomId, newTopic: topic, oldTopic, changerId: this.botId, timestamp: this.now() })
  }

  // ---------- internals ----------

  /** Writes a line to the transcript and tells the live view. */
  action(line: Omit<TranscriptLine, 't'>): TranscriptLine {
    // with one account every line is its own, and single-bot transcripts stay as they were
    const bot = this.botIds.length > 1 && line.type !== 'summary' ? { bot: this.botId } : {}
    const now = this.now()
    const full = { t: now - this.startedAt, ...(this.stamp ? { at: this.stamp(now) } : {}), ...line, ...bot } as TranscriptLine
    this.transcript.push(full)
    this.emitEvent({ type: 'action', line: full })
    return full
  }

  private refuse(line: Omit<TranscriptLine, 't'>, error: string): never {
    this.action({ ...line, ok: false, error })
    throw new SimError(error)
  }

  private checkSend(where: { room?: string; contact?: string }): void {
    const banned = this.account(this.botId).banned
    if (banned) {
      this.action({ type: 'send-failed', ...where, error: banned })
      throw new SimError(banned)
    }
    if (!this.loggedIn) {
      this.action({ type: 'send-failed', ...where, error: 'not logged in' })
      throw new SimError('not logged in')
    }
    if (this.failNext > 0) {
      this.failNext--
      this.action({ type: 'send-failed', ...where, error: this.failError })
      throw new SimError(this.failError)
    }
  }

  private conversation(id: string): { roomId?: string; contactId?: string } {
    if (this.rooms.has(id)) {
      if (!this.room(id).members.has(this.botId)) throw new SimError(`the bot is not in ${id}`)
      return { roomId: id }
    }
    if (this.contacts.has(id)) return { contactId: id }
    throw new SimError(`no such conversation: ${id}`)
  }

  private record(m: Omit<SimMessage, 'id' | 'timestamp'>): SimMessage {
    const message: SimMessage = { ...m, id: `msg-${++this.seq}`, timestamp: this.now() }
    this.messages.set(message.id, message)
    return message
  }

  private publish(message: SimMessage): void {
    this.emitEvent({ type: 'message', message })
    this.signal('message', message)
  }

  private emitEvent(event: WorldEvent): void {
    this.emit('event', event)
  }

  /**
   * Signals reach the bot only while it is logged in, as with a real account. With several
   * accounts they go out while any is, and each puppet keeps what its account hears.
   */
  private signal<K extends 'message' | 'room-join' | 'room-leave' | 'room-topic' | 'friendship' | 'login' | 'logout'>(
    name: K,
    ...args: WorldSignals[K]
  ): void {
    if (name !== 'logout' && ![...this.accounts.values()].some((a) => a.loggedIn)) return
    ;(this.emit as (n: K, ...a: WorldSignals[K]) => boolean)(name, ...args)
  }
}

function describe(content: SimContent): string {
  switch (content.kind) {
    case 'text':
      return content.text
    case 'image':
    case 'file':
      return content.name
    case 'url':
      return content.title
    case 'miniProgram':
      return content.title
    case 'card':
      return content.contactId
    case 'voice':
      return `${content.seconds}s`
  }
}
