import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import { introCheckTimes, introLength, introVerdict, isIntro, type IntroVerdictInput } from '../../src/core/rules'

const JOINED = 1_700_000_000_000
const DAY = 86_400_000
const ROOM = 'g1@chatroom'
const policyWith = (intro: Record<string, unknown> = {}): RulesPolicy => rulesSchema.parse({ intro })

describe('isIntro (minLength 15)', () => {
  const intro = { minLength: 15 }
  it.each<[string, string, boolean]>([
    ['a real introduction', '大家好，我是北京的张三，做少儿英语教育十年了', true],
    ['城市-姓名-行业 with a line more', '北京-张三-教育，擅长少儿英语和绘本阅读', true],
    ['exactly 15 letters', '一二三四五六七八九十一二三四五', true],
    ['14 letters', '一二三四五六七八九十一二三四', false],
    ['padded with punctuation and spaces', '大家好！！！   我是张三。。。。。。', false],
    ['padded with emoji', '大家好🌹🌹🌹🌹🌹🌹🌹🌹🌹🌹我是张三👏👏👏👏', false],
    ['padded with WeChat emoticons', '大家好[呲牙][呲牙][呲牙][玫瑰][玫瑰]我是张三', false],
    ['mentions do not count', '@北京-王五-教育老师好\u2005@上海-赵六\u2005谢谢', false],
    ['digits count', 'Hi I am Tom 2024 intern', true],
  ])('%s', (_name, text, expected) => {
    expect(isIntro(text, intro)).toBe(expected)
  })

  it('minLength 0: any text counts', () => {
    expect(isIntro('', { minLength: 0 })).toBe(true)
  })

  it('counts letters and digits only', () => {
    expect(introLength('@张三\u2005你好！[微笑] 👋 ok1')).toBe(5)
  })
})

describe('introCheckTimes', () => {
  it('reminds at half the deadline', () => {
    expect(introCheckTimes(JOINED, { deadlineMs: DAY })).toEqual({ remindAt: JOINED + DAY / 2, deadlineAt: JOINED + DAY })
  })
})

describe('introVerdict', () => {
  const run = (over: Partial<IntroVerdictInput>) =>
    introVerdict({
      member: { id: 'wxid_u1', name: 'Tom', alias: undefined },
      roomId: ROOM,
      joinedAt: JOINED,
      introducedAt: undefined,
      now: JOINED,
      policy: policyWith(),
      ...over,
    })

  it.each<[string, 'remind' | 'report' | 'remove', number, string | undefined]>([
    ['just joined', 'remind', 0, undefined],
    ['just before half the deadline', 'remove', DAY / 2 - 1, undefined],
    ['at half the deadline (remind)', 'remind', DAY / 2, 'remind'],
    ['at half the deadline (report)', 'report', DAY / 2, 'remind'],
    ['at half the deadline (remove)', 'remove', DAY / 2, 'remind'],
    ['just before the deadline', 'remove', DAY - 1, 'remind'],
    ['at the deadline (remind)', 'remind', DAY, 'remind'],
    ['at the deadline (report)', 'report', DAY, 'report'],
    ['at the deadline (remove)', 'remove', DAY, 'remove'],
    ['long after the deadline (remove)', 'remove', 10 * DAY, 'remove'],
  ])('%s → %s', (_name, action, after, expected) => {
    expect(run({ policy: policyWith({ action }), now: JOINED + after })?.kind).toBe(expected)
  })

  it.each<[string, Partial<IntroVerdictInput>]>([
    ['introduced in time', { introducedAt: JOINED + 1000 }],
    ['introduced late', { introducedAt: JOINED + 2 * DAY }],
    ['exempt', { exempt: true }],
    ['rule disabled', { policy: policyWith({ enabled: false, action: 'remove' }) }],
  ])('%s: nothing, even after the deadline', (_name, over) => {
    expect(run({ policy: policyWith({ action: 'remove' }), now: JOINED + 2 * DAY, ...over })).toBeUndefined()
  })

  it.each<[string, 'remind' | 'report' | 'remove', number, { reason: string; notice?: { text: string; mentionIds: string[] } }]>([
    ['early reminder', 'remind', DAY / 2, { reason: '还没有自我介绍', notice: { text: '欢迎入群！还没看到你的自我介绍，请在 12小时 内发一段：城市、姓名、行业，以及你能为大家提供什么。', mentionIds: ['wxid_u1'] } }],
    ['early reminder before removal', 'remove', DAY - 1_800_000, { reason: '还没有自我介绍', notice: { text: '欢迎入群！还没看到你的自我介绍，请在 30分钟 内发一段：城市、姓名、行业，以及你能为大家提供什么，逾期将被移出群聊。', mentionIds: ['wxid_u1'] } }],
    ['overdue reminder', 'remind', DAY, { reason: '入群 24小时 未做自我介绍', notice: { text: '还没看到你的自我介绍，补一段吧：城市、姓名、行业，以及你能为大家提供什么。', mentionIds: ['wxid_u1'] } }],
    ['report: nothing said in the group', 'report', DAY, { reason: '入群 24小时 未做自我介绍' }],
    ['removal notice', 'remove', DAY, { reason: '入群 24小时 未做自我介绍', notice: { text: 'Tom 因入群 24小时 未做自我介绍，已被移出群聊。', mentionIds: [] } }],
  ])('%s', (_name, action, after, expected) => {
    const v = run({ policy: policyWith({ action }), now: JOINED + after })
    expect(v).toMatchObject({ rule: 'intro', memberId: 'wxid_u1', roomId: ROOM, ...expected })
    if (!expected.notice) expect(v?.notice).toBeUndefined()
  })
})
