import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import { checkNickname, nicknameAudit, nicknameRegex, nicknameVerdict, type NicknameVerdictInput, type Verdict } from '../../src/core/rules'
import type { MemberInfo } from '../../src/core/types'

const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'
const policyWith = (nickname: Record<string, unknown> = {}, ads: Record<string, unknown> = {}): RulesPolicy =>
  rulesSchema.parse({ nickname, ads })
const basePolicy = policyWith()
const member = (name: string, alias?: string, id = 'wxid_u1'): MemberInfo => ({ id, name, alias })

describe('checkNickname (default pattern ^\\p{Script=Han}{2,}-.+-.+$)', () => {
  it.each<[string, MemberInfo, ReturnType<typeof checkNickname>]>([
    ['alias fits', member('Tom', '北京-张三-教育'), { ok: true, shown: '北京-张三-教育' }],
    ['no alias, WeChat name fits', member('上海-李四-金融'), { ok: true, shown: '上海-李四-金融' }],
    ['alias set and wrong, though the name fits', member('北京-张三-教育', '张三'), { ok: false, problem: 'format', shown: '张三' }],
    ['blank alias falls back to the name', member('广州-王五-设计', '  '), { ok: true, shown: '广州-王五-设计' }],
    ['surrounding spaces ignored', member('x', ' 北京-张三-教育 '), { ok: true, shown: '北京-张三-教育' }],
    ['full-width dashes accepted', member('北京－张三－教育'), { ok: true, shown: '北京－张三－教育' }],
    ['em dashes accepted', member('北京—张三—教育'), { ok: true, shown: '北京—张三—教育' }],
    ['Latin city', member('BJ-张三-教育'), { ok: false, problem: 'format', shown: 'BJ-张三-教育' }],
    ['one part missing', member('北京-张三'), { ok: false, problem: 'format', shown: '北京-张三' }],
    ['emoji name', member('🌸小美🌸'), { ok: false, problem: 'format', shown: '🌸小美🌸' }],
    ['empty', member('', undefined), { ok: false, problem: 'empty', shown: '' }],
  ])('%s', (_name, m, expected) => {
    expect(checkNickname(m, basePolicy.nickname)).toEqual(expected)
  })

  it.each<[string, string, boolean]>([
    ['^\\d{4}级-.+$', '2021级-张三', true],
    ['^\\d{4}级-.+$', '张三', false],
    ['^[^-]+-[^-]+$', 'Tom-Beijing', true],
  ])('a group pattern %s: %s → %s', (pattern, name, ok) => {
    expect(checkNickname(member(name), policyWith({ pattern }).nickname).ok).toBe(ok)
  })

  it('a disabled rule passes everyone', () => {
    expect(checkNickname(member('x'), policyWith({ enabled: false }).nickname).ok).toBe(true)
  })

  it('compiles each pattern once, with the u flag', () => {
    const re = nicknameRegex('^\\p{Script=Han}+$')
    expect(nicknameRegex('^\\p{Script=Han}+$')).toBe(re)
    expect(re.flags).toBe('u')
  })
})

describe('nicknameVerdict', () => {
  const bad = member('Tom')
  const run = (over: Partial<NicknameVerdictInput>): Verdict | undefined =>
    nicknameVerdict({ member: bad, roomId: ROOM, policy: basePolicy, strikes: 0, now: NOW, joinedAt: undefined, ...over })
  const step = (v: Verdict | undefined) => (v ? `${v.kind}${v.strikes !== undefined ? `#${v.strikes}` : ''}` : 'none')

  it.each<[string, Partial<NicknameVerdictInput>, string]>([
    ['good nickname', { member: member('x', '北京-张三-教育') }, 'none'],
    ['bad, joined long ago', {}, 'remind'],
    ['bad, join time unknown: no grace', { joinedAt: undefined }, 'remind'],
    ['bad, within the grace period', { joinedAt: NOW - 1_799_999 }, 'none'],
    ['bad, grace just over', { joinedAt: NOW - 1_800_000 }, 'remind'],
    ['bad, exempt', { exempt: true }, 'none'],
    ['bad, rule disabled', { policy: policyWith({ enabled: false }) }, 'none'],
  ])('%s → %s', (_name, over, expected) => {
    expect(step(run(over))).toBe(expected)
  })

  it.each<[string, number, number, string]>([
    // action, ads.warnings, strikes so far, expected
    ['remind', 1, 0, 'remind'],
    ['remind', 1, 5, 'remind'],
    ['warn', 1, 0, 'remind#1'],
    ['warn', 1, 1, 'warn#2'],
    ['warn', 0, 9, 'warn#10'],
    ['remove', 0, 0, 'remind#1'],
    ['remove', 0, 1, 'remove#2'],
    ['remove', 1, 0, 'remind#1'],
    ['remove', 1, 1, 'warn#2'],
    ['remove', 1, 2, 'remove#3'],
    ['remove', 2, 1, 'warn#2'],
    ['remove', 2, 2, 'warn#3'],
    ['remove', 2, 3, 'remove#4'],
  ])('action %s, warnings %d, strikes %d → %s', (action, warnings, strikes, expected) => {
    expect(step(run({ policy: policyWith({ action }, { warnings }), strikes }))).toBe(expected)
  })

  it('a reminder @-mentions the member with the example', () => {
    expect(run({})).toEqual({
      kind: 'remind',
      rule: 'nickname',
      memberId: 'wxid_u1',
      roomId: ROOM,
      memberName: 'Tom',
      reason: '群昵称不符合格式',
      evidence: '当前昵称：Tom',
      notice: {
        text: '请把群昵称改为「北京-张三-教育」这样的格式，方便大家认识你。修改方法：群聊右上角「…」→「我在本群的昵称」。',
        mentionIds: ['wxid_u1'],
      },
    })
  })

  it.each<[string, number, number, string]>([
    ['remove', 1, 0, '请把群昵称改为「北京-张三-教育」这样的格式，方便大家认识你，多次提醒仍未修改将被移出群聊。修改方法：群聊右上角「…」→「我在本群的昵称」。'],
    ['remove', 2, 1, '群昵称还没有改好，请改为「北京-张三-教育」这样的格式，再提醒 1 次仍未修改将被移出群聊。'],
    ['remove', 1, 1, '群昵称还没有改好，请改为「北京-张三-教育」这样的格式，再不修改将被移出群聊。'],
    ['remove', 1, 2, 'Tom 因群昵称多次提醒仍未修改，已被移出群聊。'],
    ['warn', 1, 3, '群昵称还没有改好，请改为「北京-张三-教育」这样的格式。'],
  ])('action %s, warnings %d, strikes %d says %s', (action, warnings, strikes, text) => {
    expect(run({ policy: policyWith({ action }, { warnings }), strikes })?.notice?.text).toBe(text)
  })

  it('uses the group’s own example', () => {
    const v = run({ policy: policyWith({ pattern: '^\\d{4}级-.+$', example: '2021级-张三' }) })
    expect(v?.notice?.text).toContain('「2021级-张三」')
  })
})

describe('nicknameAudit', () => {
  const members = [
    member('北京-张三-教育', undefined, 'a'),
    member('Tom', undefined, 'b'),
    member('x', '上海-李四-金融', 'c'),
    member('群主', undefined, 'owner'),
    member('', undefined, 'd'),
  ]
  it.each<[string, RulesPolicy, string[]]>([
    ['lists the non-compliant, skipping the exempt', basePolicy, ['b', 'd']],
    ['nothing when the rule is off', policyWith({ enabled: false }), []],
  ])('%s', (_name, policy, expected) => {
    const rows = nicknameAudit(members, (id) => id === 'owner', policy.nickname)
    expect(rows.map((r) => r.member.id)).toEqual(expected)
  })

  it('says what is wrong', () => {
    expect(nicknameAudit(members, () => false, basePolicy.nickname).map((r) => [r.problem, r.shown])).toEqual([
      ['format', 'Tom'],
      ['format', '群主'],
      ['empty', ''],
    ])
  })
})
