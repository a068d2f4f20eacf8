import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import type { AdKind } from '../../src/core/ads/detect-ad'
import { compileRules, crossGroupKey, evaluateMessage, type MessageInput, type Verdict } from '../../src/core/rules'
import type { InboundMessage } from '../../src/core/types'

const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'

function policyWith(over: Record<string, unknown> = {}): RulesPolicy {
  return rulesSchema.parse({ watchWords: ['退款', '投诉'], ...over })
}
const basePolicy = policyWith()

function msg(over: Partial<InboundMessage> = {}): InboundMessage {
  return {
    id: 'm1',
    roomId: ROOM,
    fromId: 'wxid_u1',
    fromName: '张三',
    fromAlias: undefined,
    kind: 'text',
    text: '今天的分享很有收获',
    mentionIds: [],
    mentionsSelf: false,
    timestamp: NOW,
    ...over,
  }
}

function evaluate(over: Partial<MessageInput> & { message?: InboundMessage } = {}): Verdict[] {
  const policy = over.policy ?? basePolicy
  return evaluateMessage({
    message: msg(),
    policy,
    compiled: compileRules(policy),
    exempt: false,
    strikes: 0,
    recentTimestamps: [NOW],
    crossGroupHistory: [{ roomId: ROOM, at: NOW }],
    now: NOW,
    ...over,
  })
}

const kinds = (vs: Verdict[]) => vs.map((v) => `${v.kind}:${v.rule}`)

const AD = msg({ text: '想赚钱的加微信详聊 https://coupon.example/x' })
const FLOOD_TIMES = Array.from({ length: 11 }, (_, i) => NOW - 10 * (10 - i)) // 11 within 100 ms
const CROSS_HISTORY = [
  { roomId: 'g2@chatroom', at: NOW - 60_000 },
  { roomId: 'g3@chatroom', at: NOW - 30_000 },
  { roomId: ROOM, at: NOW },
]
const CROSS = msg({ text: '周末读书会报名开始啦，名额有限' })

describe('evaluateMessage: a clean message', () => {
  it('gets no verdicts', () => {
    expect(evaluate()).toEqual([])
  })

  it('a private message gets no verdicts, ad or not', () => {
    expect(evaluate({ message: { ...AD, roomId: undefined } })).toEqual([])
  })
})

describe('evaluateMessage: exempt senders are never warned or removed', () => {
  it.each<[string, Partial<MessageInput>]>([
    ['ad', { message: AD }],
    ['ad with strikes past the limit', { message: AD, strikes: 5 }],
    ['flood', { recentTimestamps: FLOOD_TIMES }],
    ['cross-group', { message: CROSS, crossGroupHistory: CROSS_HISTORY }],
    ['bad nickname', { message: msg({ fromName: 'zs' }), nickname: { strikes: 3, joinedAt: undefined } }],
  ])('%s', (_name, over) => {
    expect(evaluate({ ...over, exempt: true })).toEqual([])
    expect(evaluate({ ...over, exempt: false }).length).toBeGreaterThan(0)
  })
})

describe('evaluateMessage: ad escalation', () => {
  it.each<[number, number, boolean, string[]]>([
    // warnings, strikes so far, blacklist, expected
    [0, 0, true, ['remove:ad', 'blacklist:ad']],
    [0, 0, false, ['remove:ad']],
    [1, 0, true, ['warn:ad']],
    [1, 1, true, ['remove:ad', 'blacklist:ad']],
    [1, 1, false, ['remove:ad']],
    [2, 0, true, ['warn:ad']],
    [2, 1, true, ['warn:ad']],
    [2, 2, true, ['remove:ad', 'blacklist:ad']],
    [2, 9, true, ['remove:ad', 'blacklist:ad']],
  ])('warnings %d, strikes %d, blacklist %s → %j', (warnings, strikes, blacklist, expected) => {
    const policy = policyWith({ ads: { warnings, blacklist } })
    const verdicts = evaluate({ message: AD, policy, strikes })
    expect(kinds(verdicts)).toEqual(expected)
    for (const v of verdicts) expect(v.strikes).toBe(strikes + 1)
  })

  it('a warning is said in the room with an @-mention and names what was found', () => {
    const [warn] = evaluate({ message: AD, policy: policyWith({ ads: { warnings: 1 } }) })
    expect(warn).toMatchObject({
      kind: 'warn',
      memberId: 'wxid_u1',
      roomId: ROOM,
      memberName: '张三',
      warningsLeft: 0,
      reason: '发广告（链接、关键词）',
      evidence: '链接 https://coupon.example/x；关键词 加微信',
      notice: { text: '请勿发广告（发现链接、关键词「加微信」），再发将被移出群聊。', mentionIds: ['wxid_u1'] },
    })
  })

  it('the first of two warnings says how many offences are left', () => {
    const [warn] = evaluate({ message: AD, policy: policyWith({ ads: { warnings: 2 } }) })
    expect(warn?.notice?.text).toBe('请勿发广告（发现链接、关键词「加微信」），再违规 2 次将被移出群聊。')
    expect(warn?.warningsLeft).toBe(1)
  })

  it('a removal notice names the member without mentioning them', () => {
    const [remove] = evaluate({ message: msg({ text: '兼职刷单日结，加微信', fromAlias: '北京-李四-销售' }), strikes: 1 })
    expect(remove?.notice).toEqual({ text: '北京-李四-销售 因发广告，已被移出群聊。', mentionIds: [] })
  })

  it('ads.enabled false: no ad verdicts', () => {
    expect(evaluate({ message: AD, policy: policyWith({ ads: { enabled: false } }) })).toEqual([])
  })
})

describe('evaluateMessage: every ad kind gives a verdict with evidence', () => {
  it.each<[AdKind, InboundMessage, string]>([
    ['link', msg({ kind: 'url', text: '限时领券', url: { title: '限时领券', url: 'https://coupon.example/x' } }), '链接 https://coupon.example/x'],
    ['miniProgram', msg({ kind: 'miniProgram', text: '砍一刀', miniProgram: { title: '砍一刀', appid: 'wx123' } }), '小程序 砍一刀 (wx123)'],
    ['card', msg({ kind: 'card', text: '[名片]', cardId: 'wxid_other' }), '名片 wxid_other'],
    ['qrImage', msg({ kind: 'image', text: '[图片]', hasQrCode: true, qrText: 'https://u.wechat.com/g/x' }), '二维码 二维码: https://u.wechat.com/g/x'],
    ['keyword', msg({ text: '宝妈在家兼职，日结' }), '关键词 兼职'],
    ['contact', msg({ text: '有需要的打电话13812345678' }), '联系方式 13812345678'],
  ])('%s', (kind, message, evidence) => {
    const [verdict, ...rest] = evaluate({ message })
    expect(rest).toEqual([])
    expect(verdict).toMatchObject({ kind: 'warn', rule: 'ad', evidence })
    expect(verdict?.findings?.map((f) => f.kind)).toEqual([kind])
  })

  it.each<[string, Record<string, unknown>, InboundMessage]>([
    ['links off', { links: false }, msg({ text: '看 https://coupon.example/x' })],
    ['miniPrograms off', { miniPrograms: false }, msg({ kind: 'miniProgram', text: '砍一刀', miniProgram: { title: '砍一刀' } })],
    ['cards off', { cards: false }, msg({ kind: 'card', text: '[名片]', cardId: 'wxid_other' })],
    ['qrImages off', { qrImages: false }, msg({ kind: 'image', text: '[图片]', hasQrCode: true })],
    // the text model reads these two as ads as well; it is off here to see the flag alone
    ['no keywords', { keywords: [], model: false }, msg({ text: '宝妈在家兼职，日结' })],
    ['contacts off', { contacts: false, model: false }, msg({ text: '有需要的打电话13812345678' })],
  ])('%s: nothing', (_name, ads, message) => {
    expect(evaluate({ message, policy: policyWith({ ads }) })).toEqual([])
  })
})

describe('evaluateMessage: flood', () => {
  const policy = policyWith({ flood: { messages: 10, windowMs: 10_000 } })

  it.each<[string, number[], string[]]>([
    ['10 messages in the window is fine', FLOOD_TIMES.slice(1), []],
    ['the 11th crosses the limit', FLOOD_TIMES, ['warn:flood']],
    ['the 12th in the same burst is not warned again', [NOW - 110, ...FLOOD_TIMES], []],
    ['11 spread over more than the window is fine', Array.from({ length: 11 }, (_, i) => NOW - 1_500 * (10 - i)), []],
    ['a new burst after a quiet window is warned again', [NOW - 60_000, NOW - 59_999, ...FLOOD_TIMES], ['warn:flood']],
    ['future timestamps (clock skew) are ignored', [...FLOOD_TIMES.slice(1), NOW + 5_000], []],
  ])('%s', (_name, times, expected) => {
    expect(kinds(evaluate({ policy, recentTimestamps: times }))).toEqual(expected)
  })

  it('warns, then removes, without blacklisting', () => {
    const [warn] = evaluate({ policy, recentTimestamps: FLOOD_TIMES })
    expect(warn).toMatchObject({ reason: '刷屏（10秒内超过 10 条）', evidence: '10秒内 11 条', notice: { text: '请勿刷屏，再发将被移出群聊。' } })
    expect(kinds(evaluate({ policy, recentTimestamps: FLOOD_TIMES, strikes: 1 }))).toEqual(['remove:flood'])
  })

  it('flood runs even with ads disabled', () => {
    expect(kinds(evaluate({ policy: policyWith({ ads: { enabled: false } }), recentTimestamps: FLOOD_TIMES }))).toEqual(['warn:flood'])
  })
})

describe('evaluateMessage: cross-group', () => {
  it.each<[string, InboundMessage, Array<{ roomId: string; at: number }>, string[]]>([
    ['three rooms within the window', CROSS, CROSS_HISTORY, ['warn:crossGroup']],
    ['two rooms only', CROSS, CROSS_HISTORY.slice(1), []],
    ['three rooms, one outside the window', CROSS, [{ roomId: 'g2@chatroom', at: NOW - 700_000 }, ...CROSS_HISTORY.slice(1)], []],
    // not cross-group: one room (since issue 20 the repeat rule's, on by default: rules-harassment.test.ts)
    ['three times in one room', CROSS, [NOW - 2, NOW - 1, NOW].map((at) => ({ roomId: ROOM, at })), ['warn:repeat']],
    ['too short to count (收到)', msg({ text: '收到！！' }), CROSS_HISTORY, []],
  ])('%s', (_name, message, history, expected) => {
    expect(kinds(evaluate({ message, crossGroupHistory: history }))).toEqual(expected)
  })

  it('is removed and blacklisted once warned', () => {
    const verdicts = evaluate({ message: CROSS, crossGroupHistory: CROSS_HISTORY, strikes: 1 })
    expect(kinds(verdicts)).toEqual(['remove:crossGroup', 'blacklist:crossGroup'])
    expect(verdicts[0]).toMatchObject({ reason: '10分钟内在 3 个群发送相同内容', evidence: '3 个群：周末读书会报名开始啦，名额有限' })
  })

  it('an ad sent to three groups is one offence, named after the ad', () => {
    const verdicts = evaluate({ message: AD, crossGroupHistory: CROSS_HISTORY })
    expect(kinds(verdicts)).toEqual(['warn:ad'])
    expect(verdicts[0]?.strikes).toBe(1)
    expect(verdicts[0]?.reason).toBe('发广告（链接、关键词）；10分钟内在 3 个群发送相同内容')
  })
})

describe('crossGroupKey', () => {
  it.each<[string, InboundMessage, string | undefined]>([
    ['text, normalised', msg({ text: '加我！领券👉 福利多多' }), 'text:加我领券福利多多'],
    ['text, mentions left out', msg({ text: '@李四\u2005周末读书会报名', body: '周末读书会报名' }), 'text:周末读书会报名'],
    ['short text', msg({ text: '好的' }), undefined],
    ['link card', msg({ kind: 'url', text: 'x', url: { title: 'x', url: 'https://a.cn/p' } }), 'url:httpsacnp'],
    ['card', msg({ kind: 'card', text: '[名片]', cardId: 'wxid_other' }), 'card:wxidother'],
    ['image without QR', msg({ kind: 'image', text: '[图片]' }), undefined],
    ['image with QR', msg({ kind: 'image', text: '[图片]', hasQrCode: true, qrText: 'https://u.wechat.com/g/x' }), 'image:httpsuwechatcomgx'],
  ])('%s', (_name, message, expected) => {
    expect(crossGroupKey(message)).toBe(expected)
  })
})

describe('evaluateMessage: watch-words alert HQ and do nothing else', () => {
  it.each<[string, boolean, InboundMessage, string[]]>([
    ['a member', false, msg({ text: '这课太差了我要退款' }), ['alert-hq:watchWord']],
    ['an exempt member (a leader) too', true, msg({ text: '有学员说要投诉' }), ['alert-hq:watchWord']],
    ['two words, one alert', false, msg({ text: '不给退款就投诉' }), ['alert-hq:watchWord']],
    ['in a link card description', false, msg({ kind: 'url', text: '维权', url: { title: '维权', url: 'https://ke.qq.com/a', description: '如何退款' } }), ['warn:ad', 'alert-hq:watchWord']],
    ['with an ad: warned for the ad, alerted for the word', false, msg({ text: '退款找我，加微信' }), ['warn:ad', 'alert-hq:watchWord']],
    ['no watch-word', false, msg({ text: '今天的课讲得很好' }), []],
  ])('%s', (_name, exempt, message, expected) => {
    expect(kinds(evaluate({ message, exempt }))).toEqual(expected)
  })

  it('names the words and quotes the message', () => {
    const [alert] = evaluate({ message: msg({ text: '不给退款就投诉' }) })
    expect(alert).toMatchObject({ reason: '提到关注词「退款」「投诉」', evidence: '不给退款就投诉' })
    expect(alert?.notice).toBeUndefined()
  })

  it('no watch-words configured: nothing', () => {
    expect(evaluate({ message: msg({ text: '我要退款' }), policy: policyWith({ watchWords: [] }) })).toEqual([])
  })
})

describe('evaluateMessage: nickname reminders on a message', () => {
  const bad = msg({ fromName: 'Tom' })
  it.each<[string, Partial<MessageInput>, string[]]>([
    ['bad nickname, check asked for', { message: bad, nickname: { strikes: 0, joinedAt: undefined } }, ['remind:nickname']],
    ['bad nickname, rate-limited by the caller (no flag)', { message: bad }, []],
    ['bad nickname within the grace period', { message: bad, nickname: { strikes: 0, joinedAt: NOW - 60_000 } }, []],
    ['good nickname', { message: msg({ fromAlias: '北京-张三-教育' }), nickname: { strikes: 0, joinedAt: undefined } }, []],
    ['an ad from a badly named member: only the ad', { message: { ...AD, fromName: 'Tom' }, nickname: { strikes: 0, joinedAt: undefined } }, ['warn:ad']],
  ])('%s', (_name, over, expected) => {
    expect(kinds(evaluate(over))).toEqual(expected)
  })
})

describe('dryRun is not the engine’s business', () => {
  it.each<[string, Partial<MessageInput>]>([
    ['ad', { message: AD }],
    ['ad removal', { message: AD, strikes: 1 }],
    ['flood', { recentTimestamps: FLOOD_TIMES }],
    ['watch-word', { message: msg({ text: '我要退款' }) }],
  ])('%s: the same verdicts with dryRun on and off', (_name, over) => {
    const live = evaluate({ ...over, policy: policyWith({ dryRun: false }) })
    const dry = evaluate({ ...over, policy: policyWith({ dryRun: true }) })
    expect(dry).toEqual(live)
    expect(live.length).toBeGreaterThan(0)
  })
})
