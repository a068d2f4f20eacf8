import { parseConfigObject } from '../../src/config/load-config'
import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import { compileRules, effectivePolicy, evaluateMessage, exemptOffences, floodFiresOnLast, newcomerCheck, type MessageInput } from '../../src/core/rules'
import type { InboundMessage } from '../../src/core/types'

/** Issue 20 items 1, 3 and 6: flood after a warning, newcomers' strict kinds, exempt members' offences counted. */
const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'
const HOUR = 3_600_000

function msg(over: Partial<InboundMessage> = {}): InboundMessage {
  return { id: 'm1', roomId: ROOM, fromId: 'wxid_u1', fromName: '张三', fromAlias: undefined, kind: 'text', text: '大家好', mentionIds: [], mentionsSelf: false, timestamp: NOW, ...over }
}
const policyWith = (over: Record<string, unknown> = {}): RulesPolicy => rulesSchema.parse(over)
const defaults = policyWith()
function input(over: Partial<MessageInput> = {}, policy: RulesPolicy = defaults): MessageInput {
  return { message: msg(), policy, compiled: compileRules(policy), exempt: false, strikes: 0, recentTimestamps: [NOW], crossGroupHistory: [], now: NOW, ...over }
}
const kinds = (i: MessageInput) => evaluateMessage(i).map((v) => `${v.kind}:${v.rule}`)
/** `n` message times `everyMs` apart, the last at NOW */
const times = (n: number, everyMs: number, end = NOW) => Array.from({ length: n }, (_, i) => end - (n - 1 - i) * everyMs)

describe('flood: the next step for a member who goes on after the warning', () => {
  const flood = { messages: 10, windowMs: 10_000 }
  const policy = policyWith({ flood })
  const firesAt = (all: number[]) => all.map((_, i) => floodFiresOnLast(all.slice(0, i + 1), flood)).flatMap((f, i) => (f ? [i + 1] : []))

  it('fires on the 11th, then on every 10 more within the window of the step before', () => {
    expect(firesAt(times(31, 100))).toEqual([11, 21, 31])
  })

  it('a 12th right after the warning is the same burst: nothing until 10 more', () => {
    expect(firesAt(times(20, 100))).toEqual([11])
  })

  it('once the step’s window passed, only a new crossing fires (a slow sender after it is left alone)', () => {
    const burst = times(11, 100, NOW - 60_000)
    const slow = times(5, 3_000, NOW - 30_000)
    const again = times(11, 100)
    expect(firesAt([...burst, ...slow])).toEqual([11])
    expect(firesAt([...burst, ...slow, ...again])).toEqual([11, 27])
  })

  it('warned on the 11th, removed on the 21st (ads.warnings: 1), not blacklisted', () => {
    expect(kinds(input({ recentTimestamps: times(11, 100) }, policy))).toEqual(['warn:flood'])
    expect(kinds(input({ recentTimestamps: times(15, 100), strikes: 1 }, policy))).toEqual([])
    expect(kinds(input({ recentTimestamps: times(21, 100), strikes: 1 }, policy))).toEqual(['remove:flood'])
  })

  it('a member posting 6, or 10 over the window, is left alone', () => {
    expect(kinds(input({ recentTimestamps: times(6, 100) }, policy))).toEqual([])
    expect(kinds(input({ recentTimestamps: times(12, 1_000) }, policy))).toEqual([])
  })
})

describe('rules.newcomer', () => {
  const link = msg({ text: '看看这个 https://shop.example/x' })
  const joined = (agoMs: number) => ({ known: { since: NOW - agoMs } })

  it('defaults, a group override, a bad kind refused with its path', () => {
    expect(defaults.newcomer).toEqual({ enabled: true, hours: 24, messages: 3, strict: ['link', 'miniProgram', 'card', 'qr', 'contact'] })
    const config = parseConfigObject({ groups: { list: [{ room: ROOM, rules: { newcomer: { hours: 48, strict: ['link'] } } }] } })
    expect(effectivePolicy(config.rules, config.groups.list[0]?.rules).newcomer).toEqual({ enabled: true, hours: 48, messages: 3, strict: ['link'] })
    expect(() => parseConfigObject({ rules: { newcomer: { strict: ['phone'] } } })).toThrow(/rules\.newcomer\.strict/)
  })

  it('joined an hour ago and posts a link: removed at once and blacklisted, no warning, one strike', () => {
    const verdicts = evaluateMessage(input({ message: link, ...joined(HOUR) }))
    expect(verdicts.map((v) => `${v.kind}:${v.rule}`)).toEqual(['remove:newcomer', 'blacklist:newcomer'])
    expect(verdicts[0]).toMatchObject({ strikes: 2, reason: '新成员发链接；发广告（链接）', text: link.text })
    expect(verdicts[0]?.evidence).toContain('入群 1小时')
  })

  it.each<[string, InboundMessage]>([
    ['a mini program', msg({ kind: 'miniProgram', text: '领券', miniProgram: { title: '领券', appid: 'wx1' } })],
    ['a contact card', msg({ kind: 'card', text: '名片', cardId: 'wxid_ad' })],
    ['a QR code', msg({ kind: 'image', text: '', hasQrCode: true, qrText: 'https://u.wechat.com/x' })],
    ['a phone number', msg({ text: '有需要联系13812345678' })],
  ])('%s from a newcomer: removed at once', (_what, message) => {
    expect(kinds(input({ message, ...joined(HOUR) }))[0]).toBe('remove:newcomer')
  })

  it('a member who joined a year ago (or before the bot) posting one link: the ad policy as today, a warning', () => {
    expect(kinds(input({ message: link, ...joined(365 * 24 * HOUR) }))).toEqual(['warn:ad'])
    expect(kinds(input({ message: link, known: { since: 0 }, messagesSeen: 1 }))).toEqual(['warn:ad'])
  })

  it('the join not seen: new while fewer than `messages` messages were seen before this one', () => {
    const unknown = { known: { since: undefined } }
    expect(kinds(input({ message: link, ...unknown, messagesSeen: 3 }))[0]).toBe('remove:newcomer')
    expect(kinds(input({ message: link, ...unknown, messagesSeen: 4 }))).toEqual(['warn:ad'])
    expect(newcomerCheck.offence(input({ message: link, ...unknown, messagesSeen: 1 }))?.evidence).toContain('未见入群，群内第 1 条消息')
  })

  it('a newcomer’s self-introduction with city and trade, or a kind not in `strict`: nothing from it', () => {
    expect(kinds(input({ message: msg({ text: '大家好，我是杭州的王五，做跨境电商五年了，请多关照' }), ...joined(60_000), messagesSeen: 1 }))).toEqual([])
    const linksOnly = policyWith({ newcomer: { strict: ['link'] } })
    expect(newcomerCheck.offence(input({ message: msg({ kind: 'card', text: '名片', cardId: 'wxid_ad' }), ...joined(HOUR) }, linksOnly))).toBeUndefined()
    expect(newcomerCheck.offence(input({ message: link, ...joined(HOUR) }, policyWith({ newcomer: { enabled: false } })))).toBeUndefined()
    expect(newcomerCheck.offence(input({ message: link }))).toBeUndefined() // not read: nothing known
  })

  it('no review zone: a newcomer naming a contact in a warning is still removed', () => {
    const warning = msg({ text: '大家注意，加微信 abc12345 的是骗子，别信' })
    expect(kinds(input({ message: warning, known: { since: 0 } }))).toEqual(['review:ad'])
    expect(kinds(input({ message: warning, ...joined(HOUR) }))[0]).toBe('remove:newcomer')
  })
})

describe('exempt members’ offences: counted, never acted on', () => {
  it('a leader’s 12 messages in a discussion and a link: the rules they would trip, and no verdict', () => {
    const i = input({ exempt: true, message: msg({ text: '课程链接 https://shop.example/x' }), recentTimestamps: times(11, 1_000) })
    expect(evaluateMessage(i)).toEqual([])
    expect(exemptOffences(i).map((v) => [v.kind, v.rule])).toEqual([['report', 'ad'], ['report', 'flood']])
  })

  it('an ordinary message: nothing counted', () => {
    expect(exemptOffences(input({ exempt: true }))).toEqual([])
  })
})
