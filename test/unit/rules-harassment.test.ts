import { parseConfigObject } from '../../src/config/load-config'
import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import {
  bareCheck,
  compileRules,
  crossGroupKey,
  effectivePolicy,
  evaluateMessage,
  isContactOnly,
  mentionsCheck,
  repeatCheck,
  type MessageInput,
} from '../../src/core/rules'
import type { InboundMessage } from '../../src/core/types'
import { stepSchemas } from '../../src/sim/scenario-schema'
import { mentionsAll } from '../../src/wechat/to-inbound'

/** Issue 20 items 2, 4, 5: the repeat, mention-bomb and bare-contact checks alone, and in evaluateMessage. */
const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'
const MIN = 60_000

function text(t: string, over: Partial<InboundMessage> = {}): InboundMessage {
  return { id: 'm1', roomId: ROOM, fromId: 'wxid_u1', fromName: '张三', fromAlias: undefined, kind: 'text', text: t, mentionIds: [], mentionsSelf: false, timestamp: NOW, ...over }
}
const policyWith = (over: Record<string, unknown> = {}): RulesPolicy => rulesSchema.parse(over)
const defaults = policyWith()
const repeatOn = policyWith({ repeat: { enabled: true } })
function input(message: InboundMessage, policy: RulesPolicy = defaults, over: Partial<MessageInput> = {}): MessageInput {
  return { message, policy, compiled: compileRules(policy), exempt: false, strikes: 0, recentTimestamps: [NOW], crossGroupHistory: [{ roomId: ROOM, at: NOW }], now: NOW, ...over }
}
const kinds = (i: MessageInput) => evaluateMessage(i).map((v) => `${v.kind}:${v.rule}`)
const ids = (n: number) => Array.from({ length: n }, (_, i) => `wxid_m${i + 1}`)
const copies = (n: number, room = ROOM, everyMs = MIN) => Array.from({ length: n }, (_, i) => ({ roomId: room, at: NOW - (n - 1 - i) * everyMs }))

describe('rules.* defaults and overrides', () => {
  it('mentions, bare and repeat are on (repeat as issue 20 asks: the same line three times in one room is its offence, not cross-group)', () => {
    expect(defaults.mentions).toEqual({ enabled: true, max: 10 })
    expect(defaults.repeat).toEqual({ enabled: true, maxRepeats: 3, windowMinutes: 10 })
    expect(defaults.bare).toEqual({ enabled: true, newcomerMessages: 3 })
  })

  it('a group overrides each; a bad value is refused with its path', () => {
    const config = parseConfigObject({ groups: { list: [{ room: ROOM, rules: { repeat: { enabled: true, maxRepeats: 5 }, mentions: { max: 3 }, bare: { enabled: false } } }] } })
    const p = effectivePolicy(config.rules, config.groups.list[0]?.rules)
    expect(p.repeat).toEqual({ enabled: true, maxRepeats: 5, windowMinutes: 10 })
    expect(p.mentions.max).toBe(3)
    expect(p.bare.enabled).toBe(false)
    expect(() => parseConfigObject({ rules: { mentions: { max: 0 } } })).toThrow(/rules\.mentions\.max/)
    expect(() => parseConfigObject({ rules: { repeat: { times: 3 } } })).toThrow(/rules\.repeat/)
  })
})

describe('repeatCheck', () => {
  const line = '今晚八点直播间见不见不散'
  it('fires on the maxRepeats-th copy in the window, and again maxRepeats copies later', () => {
    expect(repeatCheck.offence(input(text(line), repeatOn, { crossGroupHistory: copies(2) }))).toBeUndefined()
    expect(repeatCheck.offence(input(text(line), repeatOn, { crossGroupHistory: copies(3) }))).toMatchObject({
      rule: 'repeat',
      reason: '10分钟内 3 次发送相同内容',
      evidence: `第 3 次：${line}`,
    })
    expect(repeatCheck.offence(input(text(line), repeatOn, { crossGroupHistory: copies(4) }))).toBeUndefined()
    expect(repeatCheck.offence(input(text(line), repeatOn, { crossGroupHistory: copies(6) }))?.rule).toBe('repeat')
  })

  it.each<[string, InboundMessage, RulesPolicy, MessageInput['crossGroupHistory']]>([
    ['turned off', text(line), policyWith({ repeat: { enabled: false } }), copies(3)],
    ['copies outside the window', text(line), repeatOn, copies(3, ROOM, 6 * MIN)],
    ['copies in other groups (the cross-group rule)', text(line), repeatOn, [...copies(2, 'g2@chatroom'), { roomId: ROOM, at: NOW }]],
    ['a short acknowledgement (收到), however often', text('收到'), repeatOn, copies(5)],
    ['a private message', text(line, { roomId: undefined }), repeatOn, copies(3)],
  ])('nothing for %s', (_what, message, policy, history) => {
    expect(repeatCheck.offence(input(message, policy, { crossGroupHistory: history }))).toBeUndefined()
  })

  it('ten members each replying 收到 (or one longer line each) within a minute: the count is per member', () => {
    for (const [i, id] of ids(10).entries()) {
      for (const t of ['收到', '收到，谢谢老师的分享']) {
        // each member's history holds their own copy only
        const verdicts = evaluateMessage(input(text(t, { fromId: id }), repeatOn, { crossGroupHistory: [{ roomId: ROOM, at: NOW - i * 5000 }], now: NOW }))
        expect(verdicts).toEqual([])
      }
    }
  })

  it('is a spam offence: a warning, then removal, no blacklist; exempt members are never acted on', () => {
    expect(kinds(input(text(line), repeatOn, { crossGroupHistory: copies(3) }))).toEqual(['warn:repeat'])
    expect(kinds(input(text(line), repeatOn, { crossGroupHistory: copies(3), strikes: 1 }))).toEqual(['remove:repeat'])
    expect(kinds(input(text(line), repeatOn, { crossGroupHistory: copies(3), exempt: true }))).toEqual([])
    expect(evaluateMessage(input(text(line), repeatOn, { crossGroupHistory: copies(3) }))[0]?.notice).toEqual({
      text: '请勿在群里反复发送相同内容，再发将被移出群聊。',
      mentionIds: ['wxid_u1'],
    })
  })

  it('keys a message as the cross-group rule does', () => {
    expect(crossGroupKey(text('今晚八点 直播间见，不见不散！'))).toBe(crossGroupKey(text(line)))
  })
})

describe('mentionsCheck', () => {
  it.each<[string, InboundMessage, string | undefined]>([
    ['@ eleven members', text('看这里', { mentionIds: ids(11) }), '一条消息@超过 10 人'],
    ['@ ten members (the limit)', text('看这里', { mentionIds: ids(10) }), undefined],
    ['@ ten members and the bot', text('看这里', { mentionIds: [...ids(10), 'wxid_bot'], mentionsSelf: true }), undefined],
    ['@所有人 from a plain member', text('@所有人\u2005快来领券', { mentionAll: true }), '@所有人'],
    ['a plain message', text('今天的分享很有收获'), undefined],
  ])('%s', (_what, message, reason) => {
    const offence = mentionsCheck.offence(input(message))
    if (reason === undefined) expect(offence).toBeUndefined()
    else expect(offence).toMatchObject({ rule: 'mentions', reason })
  })

  it('@所有人 or a mention bomb from an exempt member (owner, admin, leader, HQ): nothing', () => {
    expect(kinds(input(text('@所有人\u2005明早九点开会', { mentionAll: true }), defaults, { exempt: true }))).toEqual([])
    expect(kinds(input(text('看这里', { mentionIds: ids(30) }), defaults, { exempt: true }))).toEqual([])
  })

  it('off: nothing; on: a warning that says which', () => {
    expect(mentionsCheck.offence(input(text('x', { mentionAll: true }), policyWith({ mentions: { enabled: false } })))).toBeUndefined()
    expect(evaluateMessage(input(text('@所有人\u2005快来', { mentionAll: true })))[0]?.notice?.text).toBe('请勿@所有人，群通知由群主和管理员发，再发将被移出群聊。')
    expect(evaluateMessage(input(text('看', { mentionIds: ids(12) })))[0]?.notice?.text).toBe('请勿一次@很多人，再发将被移出群聊。')
  })
})

describe('mentionsAll: 「@所有人」 as WeChat writes it', () => {
  it.each<[string, boolean]>([
    ['@所有人\u2005明早开会', true],
    ['明早开会 @所有人', true],
    ['@所有人 明早开会', true],
    ['所有人明早开会', false],
    ['@所有人们好', false],
    ['', false],
  ])('%j', (t, expected) => {
    expect(mentionsAll(t)).toBe(expected)
  })
})

describe('bareCheck', () => {
  const seen = (n: number) => ({ messagesSeen: n })
  it.each<[string, InboundMessage]>([
    ['a phone number', text('13812345678')],
    ['a phone number, spaced and labelled', text('电话：138 1234 5678')],
    ['a WeChat id', text('vx: abc12345')],
    ['a QQ number', text('扣扣 123456789')],
    ['only @mentions', text('@李四\u2005@王五\u2005', { body: '', mentionIds: ['wxid_li', 'wxid_wang'] })],
    ['only @所有人', text('@所有人\u2005', { mentionAll: true })],
  ])('acts on %s from a member with fewer than 3 messages', (_what, message) => {
    expect(bareCheck.offence(input(message, defaults, seen(1)))?.rule).toBe('bare')
    expect(bareCheck.offence(input(message, defaults, seen(3)))?.rule).toBe('bare')
    expect(bareCheck.offence(input(message, defaults, seen(4)))).toBeUndefined()
  })

  it.each<[string, InboundMessage]>([
    ["a newcomer's self-introduction with city and trade", text('大家好，我是北京的李四，做金融投资十年了，欢迎交流')],
    ['a self-introduction with a phone number in it', text('大家好，我是北京的李四，做教育培训的，电话 13812345678')],
    ['a greeting with a mention', text('@李四\u2005你好呀，欢迎', { body: '你好呀，欢迎', mentionIds: ['wxid_li'] })],
    ['only a mention of the bot', text('@群助手\u2005', { body: '', mentionIds: ['wxid_bot'], mentionsSelf: true })],
    ['an order number', text('订单号 20231201123456')],
    ['a link card', text('限时领券', { kind: 'url', url: { title: '限时领券', url: 'https://x.example/a' } })],
  ])('nothing for %s', (_what, message) => {
    expect(bareCheck.offence(input(message, defaults, seen(1)))).toBeUndefined()
  })

  it('does not judge when the caller did not count (rule off there), nor when off', () => {
    expect(bareCheck.offence(input(text('13812345678')))).toBeUndefined()
    expect(bareCheck.offence(input(text('13812345678'), policyWith({ bare: { enabled: false } }), seen(1)))).toBeUndefined()
  })

  it('shares the spam step with the ad rule: a phone alone is both, one warning named after the ad', () => {
    const verdicts = evaluateMessage(input(text('13812345678'), defaults, seen(1)))
    expect(verdicts.map((v) => `${v.kind}:${v.rule}`)).toEqual(['warn:ad'])
    expect(verdicts[0]?.strikes).toBe(1)
    expect(kinds(input(text('@李四\u2005@王五\u2005', { body: '', mentionIds: ['wxid_li', 'wxid_wang'] }), defaults, seen(1)))).toEqual(['warn:bare'])
    expect(kinds(input(text('13812345678'), defaults, { ...seen(1), exempt: true }))).toEqual([])
  })

  it('isContactOnly is cheap on a long text', () => {
    expect(isContactOnly('1'.repeat(1_000_000))).toBe(false)
  })
})

describe('the scenario step say: { mentionAll }', () => {
  it('takes @所有人 with a text only', () => {
    expect(stepSchemas.say.parse({ room: ROOM, from: 'wxid_a', text: '开会', mentionAll: true })).toMatchObject({ mentionAll: true })
    expect(() => stepSchemas.say.parse({ room: ROOM, from: 'wxid_a', card: 'wxid_b', mentionAll: true })).toThrow(/mentionAll needs a text/)
    expect(() => stepSchemas.say.parse({ room: ROOM, from: 'wxid_a', text: '开会', mentionAll: false })).toThrow()
  })
})
