import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { hqTexts, play, until } from '../helpers/scenario'

/**
 * Issue 17, item 4: applicants who answer at the same moment must not overfill a group. The
 * pick of a room and the hold of its seat are one step in Redis, across processes and
 * accounts; a full set of groups tells HQ once and holds the rest, who are invited when a
 * seat frees (or a group is added, or made).
 */

const applicants = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `wxid_ap${String(i + from).padStart(2, '0')}`)
const invites = (t: TranscriptLine[], room?: string) => t.filter((l) => (l.type === 'invite' || l.type === 'invite-pending') && (!room || l.room === room))
const toContact = (t: TranscriptLine[], id: string) => t.filter((l) => l.type === 'say' && l.contact === id).map((l) => l.text ?? '')
const FULL = '抱歉，目前的群都满了，工作人员会尽快为你安排，请稍候。'

/** a managed group of 41 members at capacity 45 (three seats), invitations lapsing after 300 ms */
const threeSeats = (name: string, minIntervalMs: number, settleTimeout: string) => `name: ${name}
config:${base(`    roomCapacity: 45
    inviteTimeoutMs: 300`).replace('minIntervalMs: 5', `minIntervalMs: ${minIntervalMs}`)}
  groups: { list: [{ room: big1@chatroom, tags: [读书会] }] }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
  generate:
    - { count: 1, id: "big{i}@chatroom", topic: "读书会大群{i}", members: 41 }
steps:
  - settle: { timeout: ${settleTimeout} }
`

/** HQ's line that an invitation lapsed */
const isLapse = (l: TranscriptLine) => l.type === 'say' && l.room === 'hq@chatroom' && String(l.text).startsWith('⏰')

/** the most invitations open at once: sent (invite-pending) and not yet reported lapsed */
function mostOpen(t: TranscriptLine[]): number {
  let open = 0
  let most = 0
  for (const l of t) {
    if (l.type === 'invite-pending') open++
    else if (isLapse(l)) open--
    most = Math.max(most, open)
  }
  return most
}

/** every contact says `text` to the bot at once: all the events are out before the bot handles one */
async function together(world: SimWorld, ids: string[], text: string, as?: string): Promise<void> {
  await Promise.all(ids.map(async (id) => (as ? world.as(as, () => world.contactSay(id, { kind: 'text', text })) : world.contactSay(id, { kind: 'text', text }))))
}

const base = (entry: string) => `
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op] }
  rules: { welcome: { batchMs: 200 }, intro: { enabled: false }, nickname: { enabled: false } }
  outbound: { minIntervalMs: 5, jitterMs: 0, quietHours: "" }
  questions: { enabled: false }
  entry:
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    answerTimeoutMs: 3600000
    digestMs: 0
${entry}`

describe('the entry gate under a burst of applicants', () => {
  it('20 applicants answering at once fill a group of capacity 6 to 6, not 25: HQ is told once, the rest wait and are invited when seats free', async () => {
    const ids = applicants(20)
    const { transcript: t, world } = await play(
      `name: entry-burst
config:${base(`    roomCapacity: 6
    inviteTimeoutMs: 3600000
    forms:
      - target: "标签:读书会"
        questions: [{ id: 称呼, ask: 怎么称呼你？ }]`)}
  groups: { list: [{ room: g1@chatroom, tags: [读书会] }] }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: g1@chatroom, topic: 读书会1群, members: [wxid_a, wxid_b, wxid_c] }
steps:
  - settle: { timeout: 20s }
  - settle: { timeout: 60s }
  - say: { room: hq@chatroom, from: wxid_op, text: "#移出 wxid_a 群:读书会1群" }
  - say: { room: hq@chatroom, from: wxid_op, text: "#移出 wxid_b 群:读书会1群" }
  - settle: { timeout: 60s }
`,
      {
        afterStep: async (i, _step, bot, w) => {
          if (i === 0) {
            await together(w, ids, '读书会')
            await until(w, 'every form asked', (tr) => ids.every((id) => tr.some((l) => l.contact === id && l.text === '(1/1) 怎么称呼你？')))
            await bot.settled(60_000)
            await together(w, ids, '小读者')
          }
        },
      },
    )
    const g1 = world.room('g1@chatroom')
    // bot + 3 members at capacity 6: two seats, then two more once two members were removed
    expect(invites(t, 'g1@chatroom')).toHaveLength(4)
    expect(g1.members.size).toBeLessThanOrEqual(6)
    const hq = hqTexts(t)
    expect(hq.filter((x) => x.includes('的群都满了'))).toHaveLength(1)
    // the others were told to wait, once each
    const waited = ids.filter((id) => toContact(t, id).includes(FULL))
    expect(waited).toHaveLength(18)
    for (const id of waited) expect(toContact(t, id).filter((x) => x === FULL)).toHaveLength(1)
    // the first two of those who waited got the seats the removals freed
    const invitedLater = invites(t).slice(2).map((l) => l.contact)
    expect(invitedLater.every((id) => waited.includes(String(id)))).toBe(true)
  })

  it('invitations that lapse free their seats: the line is invited in waves, never more open invitations than seats', async () => {
    const ids = applicants(10)
    const { transcript: t } = await play(
      threeSeats('entry-burst-lapses', 5, '60s'),
      {
        afterStep: async (i, _step, bot, w) => {
          if (i !== 0) return
          await together(w, ids, '读书会')
          // each wave lapses after two inviteTimeoutMs and makes room for the next
          await until(w, 'all ten invited', (tr) => invites(tr).length === 10, 60_000)
          await bot.settled(60_000)
        },
      },
    )
    // bot + 41 members at capacity 45: three seats, so never more than three invitations are
    // open at once (fewer on a slow machine, where a 300 ms invitation can lapse before the
    // paced queue sends the next of its wave), and all ten are invited in turn
    const most = mostOpen(t)
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(3)
    expect(new Set(invites(t).map((l) => l.contact)).size).toBe(10)
    expect(hqTexts(t).filter((x) => x.includes('的群都满了'))).toHaveLength(1)
  })

  it('an invitation that waits in the paced queue is reminded and closed only after WeChat took it, and its seat is held meanwhile', async () => {
    const ids = applicants(6)
    const { transcript: t } = await play(
      threeSeats('entry-invite-late', 400, '120s'),
      {
        afterStep: async (i, _step, bot, w) => {
          if (i !== 0) return
          await together(w, ids, '读书会')
          await until(w, 'all six reported', (tr) => tr.filter(isLapse).length === 6, 120_000)
          await bot.settled(120_000)
        },
      },
    )
    // each send waits 400 ms for the one before, so the third invitation of a wave leaves
    // more than two timeouts (600 ms) after its seat was taken: counted from the queueing,
    // it was reminded and closed before it was sent
    for (const id of ids) {
      const sent = t.findIndex((l) => l.type === 'invite-pending' && l.contact === id)
      const reminded = t.findIndex((l) => l.type === 'say' && l.contact === id && String(l.text).startsWith('提醒'))
      const closed = t.findIndex((l) => isLapse(l) && String(l.text).includes(id))
      expect({ id, sent: sent >= 0, remindedAfter: reminded > sent, closedAfter: closed > sent }).toEqual({ id, sent: true, remindedAfter: true, closedAfter: true })
      expect(t[closed]!.t - t[sent]!.t).toBeGreaterThanOrEqual(600)
    }
    // never more open invitations than the three seats
    expect(mostOpen(t)).toBeLessThanOrEqual(3)
  }, 240_000)

  it('two accounts (two apps on one Redis) answering at once share the seats: capacity holds, HQ is told once', async () => {
    const one = applicants(10)
    const two = applicants(10, 11)
    const { transcript: t, world } = await play(
      `name: entry-burst-accounts
config:${base(`    roomCapacity: 9
    inviteTimeoutMs: 3600000`)}
  groups: { list: [{ room: g1@chatroom, tags: [读书会] }] }
world:
  bots: [{ id: wxid_bot, name: 群助手 }, { id: wxid_bot2, name: 群助手二号 }]
  contacts: [{ id: wxid_op, name: 运营小王 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: g1@chatroom, topic: 读书会1群, members: [wxid_a, wxid_b, wxid_c] }
steps:
  - settle: { timeout: 60s }
`,
      {
        afterStep: async (i, _step, bot, w, bots) => {
          if (i !== 0) return
          expect(bots).toHaveLength(2)
          await Promise.all([together(w, one, '读书会'), together(w, two, '读书会', 'wxid_bot2')])
          await until(w, 'every applicant answered', (tr) => [...one, ...two].every((id) => tr.some((l) => l.type === 'say' && l.contact === id)), 60_000)
          await bot.settled(60_000)
        },
      },
    )
    // two bots and three members at capacity 9: four seats between both accounts
    expect(invites(t, 'g1@chatroom')).toHaveLength(4)
    expect(world.room('g1@chatroom').members.size).toBe(9)
    // both accounts took applicants (the race is real), and HQ heard once
    expect(new Set(t.filter((l) => l.type === 'say' && l.text === FULL).map((l) => l.bot))).toEqual(new Set(['wxid_bot', 'wxid_bot2']))
    expect(hqTexts(t).filter((x) => x.includes('的群都满了'))).toHaveLength(1)
  })

  it('with autoCreate a burst makes one group at a time, each filled to capacity and no further', async () => {
    const ids = applicants(20)
    const { transcript: t, world } = await play(
      `name: entry-burst-create
config:${base(`    roomCapacity: 6
    warnAt: 0
    inviteTimeoutMs: 3600000
    autoCreate: { enabled: true, topic: "{标签}{n}群", members: [wxid_helper] }`)}
  groups: { list: [{ room: g1@chatroom, tags: [读书会] }] }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }, { id: wxid_helper, name: 小助理 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: g1@chatroom, topic: 读书会1群, members: [wxid_a, wxid_b, wxid_c] }
steps:
  - settle: { timeout: 60s }
`,
      {
        afterStep: async (i, _step, bot, w) => {
          if (i !== 0) return
          await together(w, ids, '读书会')
          await until(w, 'every applicant in a group', (tr) => ids.every((id) => [...w.rooms.values()].some((r) => r.members.has(id))) && tr.length > 0, 90_000)
          await bot.settled(60_000)
        },
      },
    )
    const created = t.filter((l) => l.type === 'room-create')
    // g1 takes 2; each new group starts with the bot, its newcomer and the helper and takes 3 more
    expect(created.map((l) => l.topic)).toEqual(['读书会2群', '读书会3群', '读书会4群', '读书会5群', '读书会6群'])
    for (const r of world.rooms.values()) if (r.id !== 'hq@chatroom') expect(r.members.size).toBeLessThanOrEqual(6)
    expect(hqTexts(t).filter((x) => x.startsWith('🆕 群都满了'))).toHaveLength(5)
  })
})
