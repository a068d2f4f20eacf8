import { ruleActionMessages } from '../../src/texts/rules'
import { definePlugin, type PluginContext } from '../../src/plugin'
import { scopeOf, type GroupScope } from '../../src/plugins/rules/group-scope'
import { createRuleActions, type RuleActions } from '../../src/plugins/rules/rule-actions'
import { withoutCaseLine } from '../helpers/scenario'
import { createTestApp, expectNotSent, expectSent, TEST_GROUP, TEST_HQ, TEST_OPERATOR, type TestApp } from '../helpers/test-app'

/**
 * The removal and its HQ notice (src/plugins/rules/rule-actions.ts), directly: a plugin that holds
 * nothing but the rule actions, on the whole app over the simulated world. HQ reads
 * "removed" only once WeChat has answered, and the failure WeChat gives when it refuses.
 */
const OTHER = 'g2@chatroom'
const world = {
  contacts: [
    { id: TEST_OPERATOR, name: '运营' },
    { id: 'wxid_a', name: '张三' },
    { id: 'wxid_b', name: '李四' },
    { id: 'wxid_c', name: '王五' },
  ],
  rooms: [
    { id: TEST_HQ, topic: '运营总部', members: [TEST_OPERATOR] },
    // the bot is admin here (and owner: a room's owner is the bot unless named): WeChat lets it remove
    { id: TEST_GROUP, topic: '北京1群', members: ['wxid_a', 'wxid_b', 'wxid_c'], admins: ['wxid_bot'] },
    // and a plain member there: WeChat refuses
    { id: OTHER, topic: '北京2群', owner: 'wxid_b', members: ['wxid_a', 'wxid_b', 'wxid_c'] },
  ],
}
const config = {
  groups: { list: [{ room: TEST_GROUP, key: 'g1' }, { room: OTHER, key: 'g2' }] },
  rules: { dryRun: false, welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } },
}

describe('rule actions: a removal and its HQ notice', () => {
  let app: TestApp
  let actions: RuleActions
  let ctx: PluginContext
  const scope = async (room: string): Promise<GroupScope> => (await scopeOf(ctx, room))!

  beforeAll(async () => {
    // in the place of `rules`: the rule actions alone, hearing the outcomes as the rules plugin does
    const probe = definePlugin({
      name: 'rules',
      apply(pctx) {
        ctx = pctx
        actions = createRuleActions(pctx)
        pctx.on('outcome', actions.onOutcome)
      },
    })
    app = await createTestApp({ plugins: [probe], world, config })
  }, 90_000)
  afterAll(async () => {
    await app?.stop()
  })

  it('removes through the paced queue; HQ hears "removed" after WeChat answered, and the notice is said in the room', async () => {
    await app.settle()
    const s = await scope(TEST_GROUP)
    await actions.removeMember(s, { cause: 'rule', memberId: 'wxid_b', memberName: '李四', reason: '发广告', by: 'rules', notice: { text: '李四 因发广告被移出', mentionIds: [] } }, 'ra-1')
    const sent = await app.settle()
    const removed = withoutCaseLine(ruleActionMessages.removed({ cause: 'rule', groupLabel: s.label, memberId: 'wxid_b', memberName: '李四', reason: '发广告' }))
    expectSent(sent, { type: 'remove', room: TEST_GROUP, contact: 'wxid_b', ok: true }, { type: 'say', room: TEST_GROUP, text: '李四 因发广告被移出' })
    const hq = sent.filter((l) => l.type === 'say' && l.room === TEST_HQ).map((l) => withoutCaseLine(l.text ?? ''))
    expect(hq).toEqual([removed])
    // the report comes after the removal itself
    expect(sent.findIndex((l) => l.type === 'remove')).toBeLessThan(sent.findIndex((l) => l.room === TEST_HQ))
    // the case id HQ answers with #误判
    expect(sent.find((l) => l.room === TEST_HQ)?.text).toMatch(/\[R\d+\] 误判请回复 #误判 R\d+$/)
  }, 60_000)

  it('a removal WeChat refuses: HQ hears the failure with WeChat’s reason, and nothing is said in the room', async () => {
    const s = await scope(OTHER)
    // the registry knows the bot is no admin there: only a sweep checks that first (below); a rule's removal tries
    await actions.removeMember(s, { cause: 'rule', memberId: 'wxid_c', memberName: '王五', reason: '刷屏', by: 'rules', notice: { text: '王五 被移出', mentionIds: [] } }, 'ra-2')
    const sent = await app.settle()
    const failed = withoutCaseLine(ruleActionMessages.removalFailed({ cause: 'rule', groupLabel: s.label, memberId: 'wxid_c', memberName: '王五', reason: '刷屏' }, '群主或管理员才能移出成员'))
    expect(sent.filter((l) => l.type === 'say' && l.room === TEST_HQ).map((l) => withoutCaseLine(l.text ?? ''))).toEqual([failed])
    expectNotSent(sent, { type: 'say', room: OTHER })
    expect(app.world.room(OTHER).members.has('wxid_c')).toBe(true)
  }, 60_000)

  it('blacklisting sweeps every other managed group: removed where the bot may, HQ told at once where it may not (no send tried)', async () => {
    await actions.addToBlacklist({ id: 'wxid_a', name: '张三', reason: '骗子', by: TEST_OPERATOR, at: ctx.now() }, { human: true })
    const sent = await app.settle()
    const g1 = await scope(TEST_GROUP)
    const g2 = await scope(OTHER)
    expectSent(sent, { type: 'remove', room: TEST_GROUP, contact: 'wxid_a', ok: true })
    expectNotSent(sent, { type: 'remove', room: OTHER })
    const report = { cause: 'blacklist' as const, memberId: 'wxid_a', memberName: '张三', reason: '骗子', blacklisted: true }
    const hq = sent.filter((l) => l.type === 'say' && l.room === TEST_HQ).map((l) => withoutCaseLine(l.text ?? ''))
    expect(hq.sort()).toEqual(
      [
        withoutCaseLine(ruleActionMessages.removed({ ...report, groupLabel: g1.label })),
        ruleActionMessages.removalFailed({ ...report, groupLabel: g2.label }, '群主或管理员才能移出成员'),
      ].sort(),
    )
    expect(await actions.stores.blacklist.has('wxid_a')).toBe(true)
  }, 60_000)

  it('in dry-run nothing happens in the group: HQ reads what the sweep would have done', async () => {
    await app.reload({ ...config, rules: { ...config.rules, dryRun: true } })
    await app.settle()
    const g1 = await scope(TEST_GROUP)
    expect(g1.dryRun).toBe(true)
    await actions.addToBlacklist({ id: 'wxid_c', name: '王五', reason: '广告号', by: 'rules', at: ctx.now() }, { human: false })
    const sent = await app.settle()
    expectNotSent(sent, { type: 'remove' })
    expectSent(sent, {
      type: 'say',
      room: TEST_HQ,
      text: ruleActionMessages.dryBlacklistRemoval({ cause: 'blacklist', groupLabel: g1.label, memberId: 'wxid_c', memberName: '王五', reason: '广告号', blacklisted: true }),
    })
  }, 60_000)
})
