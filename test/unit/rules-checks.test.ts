import { rulesSchema, type RulesPolicy } from '../../src/config/schema'
import {
  adCheck,
  CHECKS,
  checkOf,
  compileRules,
  crossGroupCheck,
  floodCheck,
  nicknameCheck,
  SPAM_RULES,
  spamCheckOf,
  watchWordCheck,
  type MessageInput,
} from '../../src/core/rules'
import type { InboundMessage } from '../../src/core/types'
import { rulesMessages } from '../../src/texts/rules'

/**
 * The rules as a list of checks (issue 18 item 3): the list is the one place that says
 * which rules there are, which are spam and what a removal says; each check is pure and
 * answers alone. evaluateMessage's own behaviour is in rules-message.test.ts.
 */
const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'
const policy: RulesPolicy = rulesSchema.parse({ watchWords: ['退款'] })

function msg(over: Partial<InboundMessage> = {}): InboundMessage {
  return { id: 'm1', roomId: ROOM, fromId: 'wxid_u1', fromName: '张三', fromAlias: undefined, kind: 'text', text: '今天的分享很有收获', mentionIds: [], mentionsSelf: false, timestamp: NOW, ...over }
}
function input(over: Partial<MessageInput> = {}): MessageInput {
  return { message: msg(), policy, compiled: compileRules(policy), exempt: false, strikes: 0, recentTimestamps: [NOW], crossGroupHistory: [], now: NOW, ...over }
}

describe('the list of checks', () => {
  it('is evaluated in this order: spam first, then the rules with their own policy, then those exempt senders get too', () => {
    expect(CHECKS.map((c) => c.rule)).toEqual(expect.arrayContaining(['ad', 'crossGroup', 'flood', 'nickname', 'watchWord']))
    const order = CHECKS.map((c) => (c.spam ? 0 : c.exemptToo ? 2 : 1))
    expect([...order].sort()).toEqual(order)
    // the newcomer check first: a newcomer's link is removed under its name, not warned as an ad
    expect(CHECKS.slice(0, 4).map((c) => c.rule)).toEqual(['newcomer', 'ad', 'crossGroup', 'flood'])
    expect(CHECKS.at(-1)?.rule).toBe('watchWord')
  })

  it('names every rule once', () => {
    const rules = CHECKS.map((c) => c.rule)
    expect(new Set(rules).size).toBe(rules.length)
  })

  it('the spam set is the spam checks: newcomer, ad, cross-group, flood, repeat, mentions, bare', () => {
    expect([...SPAM_RULES]).toEqual(['newcomer', 'ad', 'crossGroup', 'flood', 'repeat', 'mentions', 'bare'])
    for (const c of CHECKS) expect(SPAM_RULES.has(c.rule)).toBe(c.spam)
  })

  it('each spam check says what a removal is for, with the texts of texts/rules.ts; only ads, cross-group and a newcomer’s strict post ban everywhere', () => {
    expect(spamCheckOf('ad').removedFor).toBe('发广告')
    expect(spamCheckOf('crossGroup').removedFor).toBe('在多个群重复发送相同内容')
    expect(spamCheckOf('flood').removedFor).toBe('刷屏')
    expect(spamCheckOf('repeat').removedFor).toBe('反复发送相同内容')
    expect(spamCheckOf('mentions').removedFor).toBe('滥用@')
    expect(spamCheckOf('bare').removedFor).toBe('只发联系方式或只@他人')
    expect(spamCheckOf('newcomer').removedFor).toBe('新成员入群即发广告')
    expect(CHECKS.filter((c) => c.spam && !c.blacklists).map((c) => c.rule)).toEqual(['flood', 'repeat', 'mentions', 'bare'])
  })

  it('every removal text belongs to a rule of the list (or the intro deadline)', () => {
    const rules = new Set<string>([...CHECKS.map((c) => c.rule), 'intro'])
    for (const key of Object.keys(rulesMessages.removedFor)) expect(rules.has(key)).toBe(true)
  })

  it('checkOf finds a message check by its rule; the intro deadline has none', () => {
    expect(checkOf('flood')).toBe(floodCheck)
    expect(checkOf('intro')).toBeUndefined()
  })
})

describe('each check alone', () => {
  it('ad: an offence for an ad, nothing for a clean text (weak ads: rules-review.test.ts)', () => {
    expect(adCheck.offence(input({ message: msg({ text: '想赚钱的加微信详聊 https://coupon.example/x' }) }))).toMatchObject({ rule: 'ad', reason: '发广告（链接、关键词）' })
    expect(adCheck.offence(input())).toBeUndefined()
  })

  it('crossGroup: the same text in three rooms within the window', () => {
    const history = [
      { roomId: 'g2@chatroom', at: NOW - 60_000 },
      { roomId: 'g3@chatroom', at: NOW - 30_000 },
      { roomId: ROOM, at: NOW },
    ]
    expect(crossGroupCheck.offence(input({ crossGroupHistory: history }))).toMatchObject({ rule: 'crossGroup', evidence: '3 个群：今天的分享很有收获' })
    expect(crossGroupCheck.offence(input({ crossGroupHistory: history.slice(1) }))).toBeUndefined()
  })

  it('flood: fires on the message that crosses the limit, not on the one after', () => {
    const times = Array.from({ length: 11 }, (_, i) => NOW - 10 * (10 - i))
    expect(floodCheck.offence(input({ recentTimestamps: times }))).toMatchObject({ rule: 'flood' })
    expect(floodCheck.offence(input({ recentTimestamps: [...times, NOW + 1], now: NOW + 1 }))).toBeUndefined()
  })

  it('nickname: only when the caller asks (input.nickname), and the nickname does not fit', () => {
    expect(nicknameCheck.offence(input({ message: msg({ fromName: 'zs' }) }))).toBeUndefined()
    expect(nicknameCheck.offence(input({ message: msg({ fromName: 'zs' }), nickname: { strikes: 0, joinedAt: undefined } }))).toMatchObject({ kind: 'remind', rule: 'nickname' })
    expect(nicknameCheck.offence(input({ message: msg({ fromAlias: '北京-张三-教育' }), nickname: { strikes: 0, joinedAt: undefined } }))).toBeUndefined()
  })

  it('watchWord: an alert for HQ, exempt senders included', () => {
    expect(watchWordCheck.exemptToo).toBe(true)
    expect(watchWordCheck.offence(input({ message: msg({ text: '我要退款' }), exempt: true }))).toMatchObject({ kind: 'alert-hq', rule: 'watchWord', reason: '提到关注词「退款」' })
    expect(watchWordCheck.offence(input())).toBeUndefined()
  })
})
