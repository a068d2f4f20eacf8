import { rulesSchema } from '../../src/config/schema'
import { compileRules, evaluateMessage, type MessageInput, type Verdict } from '../../src/core/rules'
import type { InboundMessage } from '../../src/core/types'
import { rulesMessages } from '../../src/texts/rules'

const NOW = 1_700_000_000_000
const ROOM = 'g1@chatroom'
const policy = rulesSchema.parse({})

function msg(text: string): InboundMessage {
  return { id: 'm1', roomId: ROOM, fromId: 'wxid_u1', fromName: '张三', fromAlias: undefined, kind: 'text', text, mentionIds: [], mentionsSelf: false, timestamp: NOW }
}

function evaluate(text: string, over: Partial<MessageInput> = {}): Verdict[] {
  return evaluateMessage({ message: msg(text), policy, compiled: compileRules(policy), exempt: false, strikes: 0, recentTimestamps: [NOW], crossGroupHistory: [], now: NOW, ...over })
}
const kinds = (vs: Verdict[]) => vs.map((v) => `${v.kind}:${v.rule}`)

describe('review verdicts and labels in the rule engine', () => {
  it.each([
    ['家里小猫找领养，有意私聊', ['review:ad']],
    ['二手自行车转让，有意私聊', ['review:ad']],
    // ad wording (the model reads it above 0.5) with an invitation: an ad
    ['宝妈在家做副业，有意私聊', ['warn:ad']],
    ['今天的优惠活动大家看到了吗', []],
  ])('%j → %j', (text, expected) => {
    expect(kinds(evaluate(text))).toEqual(expected)
  })

  it('a review verdict carries the text, score and reasons, counts no strike and says nothing in the group', () => {
    const [v] = evaluate('二手自行车转让，有意私聊')
    expect(v).toMatchObject({ kind: 'review', text: '二手自行车转让，有意私聊', reason: rulesMessages.reasons.review })
    expect(v?.assessment?.score).toBeGreaterThan(0)
    expect(v?.assessment?.reasons.length).toBeGreaterThan(0)
    expect(v?.strikes).toBeUndefined()
    expect(v?.notice).toBeUndefined()
    expect(rulesMessages.hqVerdicts('北京1群', [{ ...v!, caseId: 'R7' }], false)).toMatch(
      /^🔎 \[R7\] 疑似广告（分数 0\.\d\d）「北京1群」 张三\(wxid_u1\)：二手自行车转让，有意私聊\n理由：.+\n回复 #广告 R7 按广告处理，#误判 R7 放行$/,
    )
  })

  it('a near-duplicate of a confirmed ad is acted on (warned first), with the reason naming the case', () => {
    const labelMatch = { label: 'ad' as const, source: 'R12', similarity: 0.8 }
    const vs = evaluate('宝妈在家做副业，有意私聊', { labelMatch })
    expect(kinds(vs)).toEqual(['warn:ad'])
    expect(vs[0]).toMatchObject({ strikes: 1, text: '宝妈在家做副业，有意私聊' })
    expect(vs[0]?.reason).toMatch(/^发广告（与已确认广告相似 R12[；）]/)
    expect(vs[0]?.notice?.text).toBe('请勿发广告，再发将被移出群聊。')
    expect(kinds(evaluate('今天的分享很精彩呀', { labelMatch, strikes: 1 }))).toEqual(['remove:ad', 'blacklist:ad'])
  })

  it('a near-duplicate of a released text no longer goes to review; rule findings still stand', () => {
    const labelMatch = { label: 'normal' as const, source: 'R13', similarity: 0.9 }
    expect(evaluate('宝妈在家做副业，有意私聊', { labelMatch })).toEqual([])
    expect(kinds(evaluate('招兼职刷单，日结三百', { labelMatch }))).toEqual(['warn:ad'])
  })

  it('labels do nothing where ads are off, or for exempt senders', () => {
    const off = rulesSchema.parse({ ads: { enabled: false } })
    const labelMatch = { label: 'ad' as const, source: 'R12', similarity: 1 }
    expect(evaluate('今天的分享很精彩呀', { labelMatch, policy: off, compiled: compileRules(off) })).toEqual([])
    expect(evaluate('今天的分享很精彩呀', { labelMatch, exempt: true })).toEqual([])
  })
})
