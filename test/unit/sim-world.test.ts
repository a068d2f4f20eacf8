import { SimError, SimWorld, type SimMessage, type TranscriptLine, type WorldSignals } from '../../src/sim/world'

/** A world on a clock the test moves by hand; transcript `t` must be relative to its start. */
function makeWorld(start = 1_700_000_000_000) {
  let now = start
  const world = new SimWorld({ bot: { id: 'wxid_bot', name: '群助手' }, now: () => now })
  const clock = {
    advance(ms: number) {
      now += ms
    },
  }
  return { world, clock }
}

/** Records every signal the puppet would hear, by name. */
function listen(world: SimWorld) {
  const heard: Array<{ name: keyof WorldSignals; payload: unknown }> = []
  const names: Array<keyof WorldSignals> = ['message', 'room-join', 'room-leave', 'room-topic', 'friendship', 'login', 'logout', 'dirty']
  for (const name of names) world.on(name, ((payload: unknown) => heard.push({ name, payload })) as never)
  const of = (name: keyof WorldSignals) => heard.filter((h) => h.name === name).map((h) => h.payload)
  return { heard, of }
}

/** g1: the bot is owner; g2: owned by someone else, the bot is a plain member; g3: the bot is admin. */
function threeRooms() {
  const { world, clock } = makeWorld()
  world.addContact('wxid_u1', '张三')
  world.addRoom({ id: 'g1@chatroom', topic: '北京1群', memberIds: ['wxid_u1', 'wxid_u2'] })
  world.addRoom({ id: 'g2@chatroom', topic: '北京2群', ownerId: 'wxid_owner', memberIds: ['wxid_u1'] })
  world.addRoom({ id: 'g3@chatroom', topic: '北京3群', ownerId: 'wxid_owner', adminIds: ['wxid_bot'], memberIds: ['wxid_u1'] })
  return { world, clock }
}

const strip = (line: TranscriptLine | undefined) => {
  if (!line) return line
  const { t: _t, ...rest } = line
  return rest
}

describe('SimWorld: building', () => {
  it('the bot is a member of every room and the default owner', () => {
    const { world } = threeRooms()
    expect(world.room('g1@chatroom').ownerId).toBe('wxid_bot')
    expect(world.room('g2@chatroom').ownerId).toBe('wxid_owner')
    expect(world.room('g2@chatroom').members.has('wxid_owner')).toBe(true)
    expect(world.botRoomIds().sort()).toEqual(['g1@chatroom', 'g2@chatroom', 'g3@chatroom'])
    expect(world.botCanManage('g1@chatroom')).toBe(true)
    expect(world.botCanManage('g2@chatroom')).toBe(false)
    expect(world.botCanManage('g3@chatroom')).toBe(true)
  })

  it('contacts named by rooms are created on the fly, and a room id needs "@"', () => {
    const { world } = threeRooms()
    expect(world.contact('wxid_u2').name).toBe('u2')
    expect(world.contact('wxid_u1').name).toBe('张三')
    expect(() => world.addRoom({ id: 'nochatroom', topic: 'x', memberIds: [] })).toThrow(SimError)
    expect(() => world.room('nope@chatroom')).toThrow(/no such room/)
  })
})

describe('SimWorld: removal', () => {
  it('fails when the bot is neither owner nor admin: throws, writes ok:false, keeps the member, no signal', () => {
    const { world } = threeRooms()
    const { heard } = listen(world)
    expect(() => world.botRemove('g2@chatroom', 'wxid_u1')).toThrow(SimError)
    expect(world.room('g2@chatroom').members.has('wxid_u1')).toBe(true)
    expect(world.transcript).toHaveLength(1)
    expect(world.transcript[0]).toMatchObject({ type: 'remove', room: 'g2@chatroom', contact: 'wxid_u1', ok: false })
    expect(world.transcript[0]?.error).toBeTruthy()
    expect(heard).toEqual([])
  })

  it.each([
    ['owner', 'g1@chatroom'],
    ['admin', 'g3@chatroom'],
  ])('succeeds when the bot is %s: the member is gone and a room-leave signal follows', (_role, roomId) => {
    const { world } = threeRooms()
    const { of } = listen(world)
    world.botRemove(roomId, 'wxid_u1')
    expect(world.room(roomId).members.has('wxid_u1')).toBe(false)
    expect(world.transcript.map(strip)).toEqual([{ type: 'remove', room: roomId, contact: 'wxid_u1', ok: true }])
    expect(of('room-leave')).toEqual([
      expect.objectContaining({ roomId, removeeIdList: ['wxid_u1'], removerId: 'wxid_bot' }),
    ])
  })

  it('removing someone who is not a member, or the owner, fails with ok:false', () => {
    const { world } = threeRooms()
    expect(() => world.botRemove('g1@chatroom', 'wxid_stranger')).toThrow(SimError)
    expect(() => world.botRemove('g3@chatroom', 'wxid_owner')).toThrow(SimError)
    expect(world.room('g3@chatroom').members.has('wxid_owner')).toBe(true)
    expect(world.transcript.map((l) => [l.type, l.ok])).toEqual([
      ['remove', false],
      ['remove', false],
    ])
  })

  it('a member who leaves by themselves emits no room-leave, only dirty', () => {
    const { world } = threeRooms()
    const { heard, of } = listen(world)
    world.memberLeave('g1@chatroom', ['wxid_u1'])
    expect(world.room('g1@chatroom').members.has('wxid_u1')).toBe(false)
    expect(of('room-leave')).toEqual([])
    expect(heard).toEqual([{ name: 'dirty', payload: { kind: 'room', id: 'g1@chatroom' } }])
    // the bot did nothing: nothing in the transcript
    expect(world.transcript).toEqual([])
  })

  it('leaving a room one is not in changes nothing and says nothing', () => {
    const { world } = threeRooms()
    const { heard } = listen(world)
    world.memberLeave('g1@chatroom', ['wxid_stranger'])
    expect(heard).toEqual([])
  })
})

describe('SimWorld: announcements', () => {
  it('fail without owner/admin: throws, ok:false, announcement unchanged', () => {
    const { world } = threeRooms()
    expect(() => world.botAnnounce('g2@chatroom', '群规')).toThrow(SimError)
    expect(world.room('g2@chatroom').announcement).toBe('')
    expect(world.transcript[0]).toMatchObject({ type: 'announce', room: 'g2@chatroom', text: '群规', ok: false })
  })

  it.each([
    ['owner', 'g1@chatroom'],
    ['admin', 'g3@chatroom'],
  ])('succeed as %s: ok:true and the announcement is set', (_role, roomId) => {
    const { world } = threeRooms()
    const { of } = listen(world)
    world.botAnnounce(roomId, '请改群昵称')
    expect(world.room(roomId).announcement).toBe('请改群昵称')
    expect(world.transcript.map(strip)).toEqual([{ type: 'announce', room: roomId, text: '请改群昵称', ok: true }])
    expect(of('dirty')).toEqual([{ kind: 'room', id: roomId }])
  })
})

describe('SimWorld: sends and faults', () => {
  it('failSends(2): the next two sends throw and write send-failed, the third is delivered', () => {
    const { world } = threeRooms()
    const { of } = listen(world)
    world.failSends(2)
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'a' })).toThrow(SimError)
    expect(() => world.botSend('wxid_u1', { kind: 'text', text: 'b' })).toThrow(SimError)
    world.botSend('g1@chatroom', { kind: 'text', text: 'c' })
    expect(world.transcript.map(strip)).toEqual([
      { type: 'send-failed', room: 'g1@chatroom', error: expect.any(String) },
      { type: 'send-failed', contact: 'wxid_u1', error: expect.any(String) },
      { type: 'say', room: 'g1@chatroom', text: 'c' },
    ])
    // only the delivered send is echoed back as a message
    expect(of('message').map((m) => (m as SimMessage).content)).toEqual([{ kind: 'text', text: 'c' }])
  })

  it('failSends adds up', () => {
    const { world } = threeRooms()
    world.failSends(1)
    world.failSends(1)
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'a' })).toThrow(SimError)
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'b' })).toThrow(SimError)
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'c' })).not.toThrow()
  })

  it('sends while logged out fail with send-failed and are delivered again after login', () => {
    const { world } = threeRooms()
    world.logout()
    expect(world.loggedIn).toBe(false)
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'a' })).toThrow(/not logged in/)
    expect(world.transcript.map(strip)).toEqual([{ type: 'send-failed', room: 'g1@chatroom', error: 'not logged in' }])
    world.login()
    world.botSend('g1@chatroom', { kind: 'text', text: 'b' })
    expect(world.transcript.at(-1)).toMatchObject({ type: 'say', text: 'b' })
  })

  it('removal, announcement, invitation and accepting a friend all fail while logged out', () => {
    const { world } = threeRooms()
    const request = world.friendRequest('wxid_new', '北京')
    world.logout()
    expect(() => world.botRemove('g1@chatroom', 'wxid_u1')).toThrow(SimError)
    expect(() => world.botAnnounce('g1@chatroom', 'x')).toThrow(SimError)
    expect(() => world.botInvite('g1@chatroom', 'wxid_new')).toThrow(SimError)
    expect(() => world.botAcceptFriend(request.id)).toThrow(SimError)
    expect(world.transcript.map((l) => [l.type, l.ok])).toEqual([
      ['remove', false],
      ['announce', false],
      ['invite', false],
      ['accept-friend', false],
    ])
    expect(world.room('g1@chatroom').members.has('wxid_u1')).toBe(true)
    expect(world.room('g1@chatroom').members.has('wxid_new')).toBe(false)
    expect(request.accepted).toBe(false)
  })

  it('signals are not delivered while logged out: a member message then reaches no message listener', () => {
    const { world } = threeRooms()
    const { of } = listen(world)
    world.logout()
    world.memberSay('g1@chatroom', 'wxid_u1', { kind: 'text', text: '有人吗' })
    world.memberJoin('g1@chatroom', ['wxid_new'], 'wxid_u1')
    world.friendRequest('wxid_f', 'hi')
    expect(of('message')).toEqual([])
    expect(of('room-join')).toEqual([])
    expect(of('friendship')).toEqual([])
    expect(of('logout')).toEqual(['wxid_bot'])
    // the world itself still changed
    expect(world.room('g1@chatroom').members.has('wxid_new')).toBe(true)
    world.login()
    expect(of('login')).toEqual(['wxid_bot'])
    world.memberSay('g1@chatroom', 'wxid_u1', { kind: 'text', text: '在吗' })
    expect(of('message').map((m) => (m as SimMessage).content)).toEqual([{ kind: 'text', text: '在吗' }])
  })

  it('a member who is not in the room cannot speak there', () => {
    const { world } = threeRooms()
    expect(() => world.memberSay('g2@chatroom', 'wxid_u2', { kind: 'text', text: 'x' })).toThrow(/not a member/)
  })

  it('the bot cannot send to a room it is not in', () => {
    const { world } = threeRooms()
    world.memberLeave('g1@chatroom', ['wxid_bot'])
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'x' })).toThrow(SimError)
  })
})

describe('SimWorld: a transcript line for each kind of action', () => {
  it('say with mentions, and a private say', () => {
    const { world } = threeRooms()
    world.botSend('g1@chatroom', { kind: 'text', text: '@张三 请改群昵称' }, ['wxid_u1'])
    world.botSend('wxid_u1', { kind: 'text', text: '你好' })
    expect(world.transcript.map(strip)).toEqual([
      { type: 'say', room: 'g1@chatroom', text: '@张三 请改群昵称', mentions: ['wxid_u1'] },
      { type: 'say', contact: 'wxid_u1', text: '你好' },
    ])
  })

  it.each<[string, Parameters<SimWorld['botSend']>[1], string]>([
    ['image', { kind: 'image', name: 'poster.png', data: Buffer.from([1, 2, 3]) }, 'poster.png'],
    ['file', { kind: 'file', name: '群规.pdf', data: Buffer.from('pdf') }, '群规.pdf'],
    ['url', { kind: 'url', title: '报名链接', url: 'https://x.example/a' }, '报名链接'],
    ['miniProgram', { kind: 'miniProgram', title: '打卡', appid: 'wx123' }, '打卡'],
    ['card', { kind: 'card', contactId: 'wxid_u1' }, 'wxid_u1'],
  ])('send of kind %s', (kind, content, name) => {
    const { world } = threeRooms()
    world.botSend('g2@chatroom', content)
    expect(world.transcript.map(strip)).toEqual([{ type: 'send', room: 'g2@chatroom', kind, name }])
  })

  it('invite: the contact joins with the bot as inviter and a room-join signal follows', () => {
    const { world } = threeRooms()
    const { of } = listen(world)
    world.botInvite('g1@chatroom', 'wxid_new')
    expect(world.transcript.map(strip)).toEqual([{ type: 'invite', room: 'g1@chatroom', contact: 'wxid_new', ok: true }])
    expect(world.room('g1@chatroom').members.get('wxid_new')).toEqual({ inviterId: 'wxid_bot' })
    expect(of('room-join')).toEqual([
      expect.objectContaining({ roomId: 'g1@chatroom', inviteeIdList: ['wxid_new'], inviterId: 'wxid_bot' }),
    ])
  })

  it('accept-friend: the request is accepted and the contact becomes a friend', () => {
    const { world } = threeRooms()
    const { of } = listen(world)
    const request = world.friendRequest('wxid_new', '北京')
    expect(of('friendship')).toEqual([request])
    world.botAcceptFriend(request.id)
    expect(request.accepted).toBe(true)
    expect(world.contact('wxid_new').friend).toBe(true)
    expect(world.transcript.map(strip)).toEqual([{ type: 'accept-friend', contact: 'wxid_new', ok: true }])
    expect(() => world.botAcceptFriend('friendship-nope')).toThrow(SimError)
  })

  it('member actions are not bot actions: nothing in the transcript', () => {
    const { world } = threeRooms()
    world.memberSay('g1@chatroom', 'wxid_u1', { kind: 'text', text: '大家好' })
    world.memberJoin('g1@chatroom', ['wxid_new'], 'wxid_u1')
    world.memberAlias('g1@chatroom', 'wxid_new', '北京-李四-金融')
    world.memberTopic('g1@chatroom', 'wxid_u1', '新群名')
    world.friendRequest('wxid_f', 'hi')
    expect(world.transcript).toEqual([])
    expect(world.room('g1@chatroom').members.get('wxid_new')).toEqual({ inviterId: 'wxid_u1', alias: '北京-李四-金融' })
    expect(world.room('g1@chatroom').topic).toBe('新群名')
  })

  it('each action is also published as an action event for the live view', () => {
    const { world } = threeRooms()
    const lines: TranscriptLine[] = []
    world.on('event', (e) => {
      if (e.type === 'action') lines.push(e.line)
    })
    world.botSend('g1@chatroom', { kind: 'text', text: 'x' })
    expect(() => world.botRemove('g2@chatroom', 'wxid_u1')).toThrow(SimError)
    expect(lines).toEqual(world.transcript)
    expect(lines).toHaveLength(2)
  })
})

describe('SimWorld: transcript time', () => {
  it('t is milliseconds since the world started, on the injected clock', () => {
    const { world, clock } = makeWorld(5_000_000)
    world.addRoom({ id: 'g1@chatroom', topic: 't', memberIds: ['wxid_u1'] })
    world.botSend('g1@chatroom', { kind: 'text', text: 'first' })
    clock.advance(1500)
    world.failSends(1)
    expect(() => world.botSend('g1@chatroom', { kind: 'text', text: 'second' })).toThrow(SimError)
    clock.advance(250)
    world.botRemove('g1@chatroom', 'wxid_u1')
    expect(world.transcript.map((l) => [l.type, l.t])).toEqual([
      ['say', 0],
      ['send-failed', 1500],
      ['remove', 1750],
    ])
    expect(world.elapsed()).toBe(1750)
    expect(world.startedAt).toBe(5_000_000)
  })

  it('messages carry the absolute time of the clock', () => {
    const { world, clock } = makeWorld(42_000)
    world.addRoom({ id: 'g1@chatroom', topic: 't', memberIds: ['wxid_u1'] })
    clock.advance(10)
    const m = world.memberSay('g1@chatroom', 'wxid_u1', { kind: 'text', text: 'hi' }, ['wxid_bot'])
    expect(m.timestamp).toBe(42_010)
    expect(m.mentionIds).toEqual(['wxid_bot'])
  })
})
