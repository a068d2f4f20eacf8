import { parseScenario } from '../../src/sim/load-scenario'
import { DIRECT_ADD_MAX_MEMBERS, SimError, SimWorld, type TranscriptLine, type WorldSignals } from '../../src/sim/world'

/** The simulated WeChat's side of the entry gate: friends, private chats, invitations, new groups. */

function makeWorld() {
  const world = new SimWorld({ bot: { id: 'wxid_bot', name: '群助手' }, now: () => 1_700_000_000_000 })
  const members = (n: number, room: string) => Array.from({ length: n }, (_, i) => `wxid_${room}_m${i + 1}`)
  // the bot is a member too: small has 40 members in all, big has 41
  world.addRoom({ id: 'small@chatroom', topic: '小群', memberIds: members(DIRECT_ADD_MAX_MEMBERS - 1, 'small') })
  world.addRoom({ id: 'big@chatroom', topic: '大群', memberIds: members(DIRECT_ADD_MAX_MEMBERS, 'big') })
  const joins: WorldSignals['room-join'][0][] = []
  const messages: WorldSignals['message'][0][] = []
  world.on('room-join', (p) => joins.push(p))
  world.on('message', (m) => messages.push(m))
  return { world, joins, messages }
}

const strip = (l: TranscriptLine | undefined) => {
  if (!l) return l
  const { t: _t, ...rest } = l
  return rest
}

describe('SimWorld: friends and private chats', () => {
  it('accepting a friend request makes the contact a friend and writes accept-friend', () => {
    const { world } = makeWorld()
    const f = world.friendRequest('wxid_new', '读书会')
    expect(world.contact('wxid_new').friend).toBe(false)
    world.botAcceptFriend(f.id)
    expect(world.contact('wxid_new').friend).toBe(true)
    expect(world.friendships.get(f.id)?.accepted).toBe(true)
    expect(strip(world.transcript.at(-1))).toEqual({ type: 'accept-friend', contact: 'wxid_new', ok: true })
  })

  it('a private message reaches the bot with no room; the bot answers with a private say line', () => {
    const { world, messages } = makeWorld()
    world.contactSay('wxid_new', { kind: 'text', text: '读书会' })
    expect(messages[0]).toMatchObject({ fromId: 'wxid_new', toId: 'wxid_bot' })
    expect(messages[0]?.roomId).toBeUndefined()
    world.botSend('wxid_new', { kind: 'text', text: '你好，请问你在哪个城市？' })
    expect(strip(world.transcript.at(-1))).toEqual({ type: 'say', contact: 'wxid_new', text: '你好，请问你在哪个城市？' })
  })
})

describe('SimWorld: invitations and the 40-member rule', () => {
  it('an invite into a room of at most 40 members joins at once, invited by the bot', () => {
    const { world, joins } = makeWorld()
    world.botInvite('small@chatroom', 'wxid_new')
    expect(world.room('small@chatroom').members.get('wxid_new')).toEqual({ inviterId: 'wxid_bot' })
    expect(strip(world.transcript.at(-1))).toEqual({ type: 'invite', room: 'small@chatroom', contact: 'wxid_new', ok: true })
    expect(joins).toEqual([expect.objectContaining({ roomId: 'small@chatroom', inviteeIdList: ['wxid_new'], inviterId: 'wxid_bot' })])
  })

  it('an invite into a room above 40 members is pending until the contact accepts it', () => {
    const { world, joins } = makeWorld()
    world.botInvite('big@chatroom', 'wxid_new')
    expect(world.room('big@chatroom').members.has('wxid_new')).toBe(false)
    expect(strip(world.transcript.at(-1))).toEqual({ type: 'invite-pending', room: 'big@chatroom', contact: 'wxid_new', ok: true, members: 41 })
    expect(joins).toEqual([])

    world.memberAcceptInvite('wxid_new', 'big@chatroom')
    expect(world.room('big@chatroom').members.get('wxid_new')).toEqual({ inviterId: 'wxid_bot' })
    expect(joins).toEqual([expect.objectContaining({ roomId: 'big@chatroom', inviteeIdList: ['wxid_new'], inviterId: 'wxid_bot' })])
    // an invitation is accepted once
    expect(() => world.memberAcceptInvite('wxid_new', 'big@chatroom')).toThrow(/no pending invitation/)
  })

  it('accepting an invitation never sent fails', () => {
    const { world } = makeWorld()
    expect(() => world.memberAcceptInvite('wxid_new', 'big@chatroom')).toThrow(SimError)
    expect(() => world.memberAcceptInvite('wxid_new', 'nope@chatroom')).toThrow(/no such room/)
  })
})

describe('SimWorld: the bot creates a group', () => {
  it('gets a deterministic id, the bot as owner, a room-create line and a join invited by the bot', () => {
    const { world, joins } = makeWorld()
    const id = world.botCreateRoom(['wxid_a', 'wxid_b', 'wxid_a', 'wxid_bot'], '北京读书会3群')
    expect(id).toBe('sim-room-1@chatroom')
    const room = world.room(id)
    expect(room.ownerId).toBe('wxid_bot')
    expect(room.topic).toBe('北京读书会3群')
    expect([...room.members.keys()].sort()).toEqual(['wxid_a', 'wxid_b', 'wxid_bot'])
    expect(room.members.get('wxid_a')).toEqual({ inviterId: 'wxid_bot' })
    expect(strip(world.transcript.at(-1))).toEqual({
      type: 'room-create',
      room: id,
      topic: '北京读书会3群',
      contacts: ['wxid_a', 'wxid_b'],
      ok: true,
    })
    expect(joins).toEqual([expect.objectContaining({ roomId: id, inviteeIdList: ['wxid_a', 'wxid_b'], inviterId: 'wxid_bot' })])
    expect(world.botRoomIds()).toContain(id)
    expect(world.botCreateRoom(['wxid_a', 'wxid_c'], '北京读书会4群')).toBe('sim-room-2@chatroom')
  })

  it('refuses fewer than two contacts besides the bot, and while logged out, with an ok:false line', () => {
    const { world } = makeWorld()
    expect(() => world.botCreateRoom(['wxid_a', 'wxid_bot'], '太小')).toThrow(/at least 2 contacts/)
    expect(world.transcript.at(-1)).toMatchObject({ type: 'room-create', ok: false })
    world.logout()
    expect(() => world.botCreateRoom(['wxid_a', 'wxid_b'], 'x')).toThrow(/not logged in/)
    expect(world.rooms.size).toBe(2)
  })
})

describe('scenario steps for the entry gate', () => {
  const load = (steps: unknown[]) =>
    parseScenario({ name: 'x', world: { rooms: [{ id: 'big@chatroom', topic: '大群' }] }, steps }, __dirname)

  it('acceptInvite names a contact and a known room; rooms the bot creates pass the load check', () => {
    expect(load([{ acceptInvite: { contact: 'wxid_a', room: 'big@chatroom' } }]).steps).toEqual([
      { acceptInvite: { contact: 'wxid_a', room: 'big@chatroom' } },
    ])
    expect(() => load([{ acceptInvite: { contact: 'wxid_a', room: 'nope@chatroom' } }])).toThrow(/steps\[0\]\.acceptInvite\.room: no such room/)
    expect(() => load([{ acceptInvite: { room: 'big@chatroom' } }])).toThrow(/steps\[0\]\.acceptInvite\.contact/)
    expect(load([{ say: { room: 'sim-room-1@chatroom', from: 'wxid_a', text: '大家好' } }]).steps).toHaveLength(1)
  })
})
