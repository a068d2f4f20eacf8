import { parseConfigObject } from '../../src/config/load-config'
import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import { compileRules, effectivePolicy, evaluateMessage, voiceCheck, type MessageInput } from '../../src/core/rules'
import type { InboundMessage } from '../../src/core/types'
import { stepSchemas } from '../../src/sim/scenario-schema'
import { voiceSeconds } from '../../src/wechat/to-inbound'

/** The voice check alone (issue 18 item 6a), the adapter's reading of a voice's length, the scenario step. */
const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'

function voice(seconds: number | undefined, over: Partial<InboundMessage> = {}): InboundMessage {
  return {
    id: 'm1',
    roomId: ROOM,
    fromId: 'wxid_u1',
    fromName: '张三',
    fromAlias: undefined,
    kind: 'audio',
    text: '',
    mentionIds: [],
    mentionsSelf: false,
    timestamp: NOW,
    ...(seconds === undefined ? {} : { voiceSeconds: seconds }),
    ...over,
  }
}
const policyWith = (v: Record<string, unknown>): RulesPolicy => rulesSchema.parse({ voice: v })
function input(message: InboundMessage, policy: RulesPolicy, strikes = 0): MessageInput {
  return { message, policy, compiled: compileRules(policy), exempt: false, strikes: 0, ruleStrikes: { voice: strikes }, recentTimestamps: [NOW], crossGroupHistory: [], now: NOW }
}
const on = policyWith({ maxSeconds: 60 })

describe('voiceCheck', () => {
  it('is off by default: maxSeconds 0', () => {
    const off = rulesSchema.parse({})
    expect(off.voice).toEqual({ maxSeconds: 0, action: 'remove', warnings: 1 })
    expect(voiceCheck.offence(input(voice(600), off))).toBeUndefined()
    expect(voiceCheck.counted?.(voice(600), off)).toBe(false)
  })

  it.each<[string, InboundMessage]>([
    ['a voice within the limit', voice(30)],
    ['a voice of exactly the limit', voice(60)],
    ['a voice whose length the puppet did not give', voice(undefined)],
    ['a text', voice(75, { kind: 'text', text: '75' })],
    ['a private voice', voice(75, { roomId: undefined })],
  ])('nothing for %s', (_what, message) => {
    expect(voiceCheck.offence(input(message, on))).toBeUndefined()
  })

  it.each<[string, Record<string, unknown>, number, Partial<ReturnType<typeof voiceCheck.offence> & object>]>([
    ['remove, first', { maxSeconds: 60 }, 0, { kind: 'warn', strikes: 1, warningsLeft: 0 }],
    ['remove, second', { maxSeconds: 60 }, 1, { kind: 'remove', strikes: 2, warningsLeft: 0 }],
    ['remove, no warnings', { maxSeconds: 60, warnings: 0 }, 0, { kind: 'remove', strikes: 1 }],
    ['remove, two warnings, second', { maxSeconds: 60, warnings: 2 }, 1, { kind: 'warn', strikes: 2, warningsLeft: 0 }],
    ['warn only, tenth', { maxSeconds: 60, action: 'warn' }, 9, { kind: 'warn', strikes: 10 }],
    ['report only', { maxSeconds: 60, action: 'report' }, 5, { kind: 'report' }],
  ])('%s', (_what, v, strikes, expected) => {
    const verdict = voiceCheck.offence(input(voice(75), policyWith(v), strikes))
    expect(verdict).toMatchObject({ rule: 'voice', memberId: 'wxid_u1', roomId: ROOM, reason: '语音超过 60 秒', evidence: '语音 75 秒', ...expected })
  })

  it('warns with an @-mention, says what follows; a removal names the member without one', () => {
    expect(voiceCheck.offence(input(voice(75), on))?.notice).toEqual({ text: '请勿发送超过 60 秒的语音，长内容请改发文字，再发将被移出群聊。', mentionIds: ['wxid_u1'] })
    expect(voiceCheck.offence(input(voice(75), policyWith({ maxSeconds: 60, action: 'warn' })))?.notice?.text).toBe('请勿发送超过 60 秒的语音，长内容请改发文字。')
    expect(voiceCheck.offence(input(voice(75, { fromAlias: '北京-张三-教育' }), on, 1))?.notice).toEqual({ text: '北京-张三-教育 因多次发送过长语音，已被移出群聊。', mentionIds: [] })
  })

  it('counts strikes of its own unless it only reports', () => {
    expect(voiceCheck.counted?.(voice(75), on)).toBe(true)
    expect(voiceCheck.counted?.(voice(75, { kind: 'text' }), on)).toBe(false)
    expect(voiceCheck.counted?.(voice(75), policyWith({ maxSeconds: 60, action: 'report' }))).toBe(false)
  })

  it('in evaluateMessage: exempt senders and a spam verdict on the same message leave it out', () => {
    expect(evaluateMessage(input(voice(75), on)).map((v) => `${v.kind}:${v.rule}`)).toEqual(['warn:voice'])
    expect(evaluateMessage({ ...input(voice(75), on), exempt: true })).toEqual([])
    const flood = Array.from({ length: 11 }, (_, i) => NOW - 10 * (10 - i))
    expect(evaluateMessage({ ...input(voice(75), on), recentTimestamps: flood }).map((v) => `${v.kind}:${v.rule}`)).toEqual(['warn:flood'])
  })
})

describe('rules.voice in config', () => {
  it('a group turns it on in its override; other groups keep it off', () => {
    const config = parseConfigObject({ groups: { list: [{ room: 'g1@chatroom', rules: { voice: { maxSeconds: 60 } } }, { room: 'g2@chatroom' }] } })
    const [g1, g2] = config.groups.list
    expect(effectivePolicy(config.rules, g1?.rules).voice).toEqual({ maxSeconds: 60, action: 'remove', warnings: 1 })
    expect(effectivePolicy(config.rules, g2?.rules).voice.maxSeconds).toBe(0)
  })

  it('refuses a bad action, naming its path', () => {
    expect(() => parseConfigObject({ rules: { voice: { maxSeconds: 60, action: 'ban' } } })).toThrow(/rules\.voice\.action/)
  })
})

describe('voiceSeconds: the length a puppet gives', () => {
  it.each<[string, string, number | undefined]>([
    ['puppet-padlocal (WeChat XML, ms)', '<msg><voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="75000" length="120000" /></msg>', 75],
    ['with the XML declaration and odd spacing', '<?xml version="1.0"?>\n<msg>\n\t<voicemsg length="1" voicelength = \'2750\' /></msg>', 2.75],
    ['no voicemsg tag (a puppet that gives no length)', '[语音]', undefined],
    ['an empty text', '', undefined],
    ['a voicelength outside the tag', '<msg><voicemsg length="1" /></msg> voicelength="9000"', undefined],
  ])('%s', (_what, text, expected) => {
    expect(voiceSeconds(text)).toBe(expected)
  })

  it('is linear on a hostile text', () => {
    expect(voiceSeconds('<voicemsg'.repeat(100_000))).toBeUndefined()
    expect(voiceSeconds(`<voicemsg ${' '.repeat(1_000_000)}voicelength="1000">`)).toBeUndefined()
  })
})

describe('the scenario step say: { voice }', () => {
  it('takes a voice of some seconds, and still exactly one kind of content', () => {
    expect(stepSchemas.say.parse({ room: 'g1@chatroom', from: 'wxid_a', voice: { seconds: 75 } })).toMatchObject({ voice: { seconds: 75 } })
    expect(() => stepSchemas.say.parse({ room: 'g1@chatroom', from: 'wxid_a', voice: { seconds: 75 }, text: 'hi' })).toThrow(/exactly one of/)
    expect(() => stepSchemas.say.parse({ room: 'g1@chatroom', from: 'wxid_a', voice: { length: 75 } })).toThrow()
  })
})
