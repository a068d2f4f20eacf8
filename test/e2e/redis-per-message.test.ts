import { breakdown, countRedisCommands, type SentCommand } from '../helpers/redis-commands'
import { createTestApp, TEST_GROUP, TEST_HQ, TEST_OPERATOR } from '../helpers/test-app'

/**
 * Issue 23, item 4: the Redis commands one ordinary member message costs (no rule triggered,
 * nothing sent), counted on the whole bot with every plugin over real Redis. A ceiling: a
 * change that adds a command to the message path fails here, and one that saves some lowers
 * it (docs/benchmarks.md "Redis commands per message" keeps the figures). 21 commands in 7
 * writes before the capped lists became one script each (store/capped-list.ts). The sixth is
 * issue 20's `rules.bare` counter (a member's messages in the group, on by default); with that
 * rule off an ordinary message costs 5.
 */
const CEILING = { commands: 6, writes: 6 }
const MESSAGES = 10
/** one message each, after a first one from the last: nobody floods */
const MEMBERS = Array.from({ length: MESSAGES + 1 }, (_, i) => `wxid_m${i}`)

it('an ordinary group message costs at most 6 Redis commands in 6 writes (5 without the bare-contact counter)', async () => {
  const app = await createTestApp({
    world: {
      contacts: [
        { id: TEST_OPERATOR, name: '运营' },
        // nicknames that fit the default pattern: the nickname rule has nothing to say
        ...MEMBERS.map((id, i) => ({ id, name: `张三${'一二三四五六七八九十'[i]}-北京-产品` })),
      ],
      rooms: [
        { id: TEST_HQ, topic: '运营总部', members: [TEST_OPERATOR] },
        { id: TEST_GROUP, topic: '北京1群', members: MEMBERS },
      ],
    },
  })
  const counter = countRedisCommands()
  try {
    // the first message warms what is loaded once (the group's policy, the rule set)
    await app.member(TEST_GROUP, MEMBERS[MESSAGES] as string).send('大家好')
    const perMessage: SentCommand[][] = []
    for (let i = 0; i < MESSAGES; i++) {
      counter.commands.splice(0)
      app.world.memberSay(TEST_GROUP, MEMBERS[i] as string, { kind: 'text', text: `今天天气不错，我们周末见 ${i}` })
      await app.bot.delivered(20_000)
      perMessage.push(counter.commands.filter((c) => !c.background))
    }
    // the fewest of the ten: a timer's command that fell into one message's window is not the message's
    const fewest = perMessage.reduce((a, b) => (b.length < a.length ? b : a))
    const writes = new Set(fewest.map((c) => c.write)).size
    console.log(
      `Redis per ordinary message: ${fewest.length} commands in ${writes} writes ` +
        `(over ${MESSAGES} messages: ${perMessage.map((p) => p.length).join(', ')})\n${breakdown(fewest).join('\n')}`,
    )
    expect(await app.settle()).toEqual([])
    expect(fewest.length).toBeLessThanOrEqual(CEILING.commands)
    expect(writes).toBeLessThanOrEqual(CEILING.writes)
  } finally {
    counter.stop()
    await app.stop()
  }
})
