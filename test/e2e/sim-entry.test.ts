import { definePlugin, type Plugin } from '../../src/plugin'
import type { OutboundJobData, Outcome } from '../../src/outbound/outbound-queue'
import type { JoinEvent } from '../../src/wechat/adapter'
import { play } from '../helpers/scenario'

/**
 * The simulated WeChat's entry-gate moves, through the real Wechaty, the paced queue and Redis:
 * a friend accepted, a private conversation, an invitation into a group above 40 members that
 * waits for `acceptInvite`, and a group the bot creates, whose id reaches the caller in the
 * job's outcome. A small test plugin plays the part the entry gate will play.
 */

interface Seen {
  joins: JoinEvent[]
  outcomes: { data: OutboundJobData; outcome: Outcome }[]
}

function gateStandIn(seen: Seen): Plugin {
  return definePlugin({
    // borrows a slot of MESSAGE_ORDER (src/pipeline/order.ts); it runs alone, without the default plugins
    name: 'questions',
    apply(ctx) {
      ctx.on('friendRequest', async (e) => {
        await ctx.act({ type: 'accept-friend', friendshipId: e.friendshipId, contactId: e.contactId }, 'member')
      })
      ctx.on('join', async (e) => {
        seen.joins.push(e)
      })
      ctx.middleware(async (m, next) => {
        const msg = m.message
        if (msg.roomId) return next()
        if (msg.text === '进大群') await ctx.act({ type: 'invite', roomId: 'big1@chatroom', contactId: msg.fromId }, 'member')
        else if (msg.text === '建群') {
          await ctx.act({ type: 'create-room', topic: '北京读书会2群', contactIds: [msg.fromId, 'wxid_friend2'] }, 'member', { jobId: 'create-bj-2' })
        } else await ctx.act({ type: 'say', to: msg.fromId, text: `收到：${msg.text}` }, 'member')
      })
      ctx.on('outcome', async (_jobId, data, outcome) => {
        seen.outcomes.push({ data, outcome })
        // the caller learns the new room from the outcome and acts in it
        if (data.action.type === 'create-room' && outcome.status === 'sent' && outcome.roomId) {
          await ctx.act({ type: 'say', to: outcome.roomId, text: '欢迎来到新群' }, 'member')
        }
      })
    },
  })
}

const world = `
world:
  contacts: [{ id: wxid_new, name: 新人 }, { id: wxid_friend2, name: 老友 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
  generate:
    - { count: 1, id: "big{i}@chatroom", topic: "大群{i}", members: 40 }
`

describe('simulated WeChat: the entry gate moves', () => {
  it.each(['direct', 'service'] as const)('%s: friend accepted, private reply, invite pending above 40 members until accepted, group created with its id in the outcome', async (mode) => {
    const seen: Seen = { joins: [], outcomes: [] }
    const { transcript } = await play(
      `
name: entry-moves
config:
  hq: { rooms: [hq@chatroom] }
  outbound: { minIntervalMs: 10, jitterMs: 0 }
${world}
steps:
  - friend: { from: wxid_new, hello: 读书会 }
  - settle: {}
  - say: { from: wxid_new, text: 你好 }
  - settle: {}
  - say: { from: wxid_new, text: 进大群 }
  - settle: {}
  - acceptInvite: { contact: wxid_new, room: big1@chatroom }
  - settle: {}
  - say: { from: wxid_new, text: 建群 }
  - settle: {}
`,
      { plugins: [gateStandIn(seen)], mode },
    )
    const lines = transcript.map(({ t: _t, ...rest }) => rest)
    expect(lines).toContainEqual({ type: 'accept-friend', contact: 'wxid_new', ok: true })
    expect(lines).toContainEqual({ type: 'say', contact: 'wxid_new', text: '收到：你好' })
    expect(lines).toContainEqual({ type: 'invite-pending', room: 'big1@chatroom', contact: 'wxid_new', ok: true, members: 41 })
    expect(lines).toContainEqual({ type: 'room-create', room: 'sim-room-1@chatroom', topic: '北京读书会2群', contacts: ['wxid_new', 'wxid_friend2'], ok: true })
    expect(lines).toContainEqual({ type: 'say', room: 'sim-room-1@chatroom', text: '欢迎来到新群' })
    expect(lines.findIndex((l) => l.type === 'invite-pending')).toBeLessThan(lines.findIndex((l) => l.type === 'room-create'))

    // the accepted invitation and the new group's members arrive as joins invited by the bot
    expect(seen.joins).toContainEqual(expect.objectContaining({ roomId: 'big1@chatroom', memberIds: ['wxid_new'], inviterId: 'wxid_bot' }))
    expect(seen.joins).toContainEqual(
      expect.objectContaining({ roomId: 'sim-room-1@chatroom', memberIds: ['wxid_new', 'wxid_friend2'], inviterId: 'wxid_bot' }),
    )
    const created = seen.outcomes.find((o) => o.data.action.type === 'create-room')
    expect(created?.outcome).toEqual({ status: 'sent', roomId: 'sim-room-1@chatroom' })
  })
})
