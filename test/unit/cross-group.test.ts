import { isCrossGroupSpam, isFlood, normalizeForRepeat, repeatKey } from '../../src/core/ads/cross-group'

describe('normalizeForRepeat', () => {
  it.each([
    ['加我领券！！👉 https://x', '加我领券httpsx'],
    ['加我 领券', '加我领券'],
    ['加我，领券🎁🎁', '加我领券'],
    ['ＡＢＣ１２３', 'abc123'],
    ['Hello World', 'helloworld'],
    ['①②③', '123'],
    ['   ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForRepeat(input)).toBe(expected)
  })

  it('makes trivially varied copies equal', () => {
    const a = normalizeForRepeat('【福利】免费领取考研资料，私聊我～')
    const b = normalizeForRepeat('福利 免费领取考研资料 私聊我!!! 😊')
    expect(a).toBe(b)
  })
})

describe('repeatKey', () => {
  it.each(['好的', '收到', '谢谢老师', '收到！！👌', '1', '+1', '哈哈哈哈'])('%j is too short to count', (t) => {
    expect(repeatKey(t)).toBeUndefined()
  })

  it('gives the normalised text for longer messages', () => {
    expect(repeatKey('加我微信领取资料！')).toBe('加我微信领取资料')
  })
})

describe('isCrossGroupSpam', () => {
  const policy = { groups: 3, windowMs: 600_000 }
  const now = 1_000_000_000

  it.each<[string, Array<{ roomId: string; at: number }>, boolean]>([
    ['three rooms within the window', [{ roomId: 'a', at: now - 500_000 }, { roomId: 'b', at: now - 1000 }, { roomId: 'c', at: now }], true],
    ['two rooms only', [{ roomId: 'a', at: now - 1000 }, { roomId: 'b', at: now }], false],
    ['three messages in one room', [{ roomId: 'a', at: now - 2 }, { roomId: 'a', at: now - 1 }, { roomId: 'a', at: now }], false],
    ['repeats in two rooms', [{ roomId: 'a', at: now - 2 }, { roomId: 'b', at: now - 1 }, { roomId: 'a', at: now }, { roomId: 'b', at: now }], false],
    ['third room just outside the window', [{ roomId: 'a', at: now - 600_001 }, { roomId: 'b', at: now - 1 }, { roomId: 'c', at: now }], false],
    ['third room exactly at the window edge', [{ roomId: 'a', at: now - 600_000 }, { roomId: 'b', at: now - 1 }, { roomId: 'c', at: now }], true],
    ['an entry from the future is ignored', [{ roomId: 'a', at: now + 10 }, { roomId: 'b', at: now - 1 }, { roomId: 'c', at: now }], false],
    ['empty history', [], false],
  ])('%s', (_name, history, expected) => {
    expect(isCrossGroupSpam(history, now, policy)).toBe(expected)
  })

  it('honours a larger group count', () => {
    const history = ['a', 'b', 'c', 'd'].map((roomId) => ({ roomId, at: now }))
    expect(isCrossGroupSpam(history, now, { groups: 5, windowMs: 1000 })).toBe(false)
    expect(isCrossGroupSpam([...history, { roomId: 'e', at: now }], now, { groups: 5, windowMs: 1000 })).toBe(true)
  })

  it('never counts short texts, even in many rooms', () => {
    const history = ['a', 'b', 'c', 'd'].map((roomId) => ({ roomId, at: now }))
    expect(isCrossGroupSpam(history, now, policy, '收到！')).toBe(false)
    expect(isCrossGroupSpam(history, now, policy, '好的👌')).toBe(false)
    expect(isCrossGroupSpam(history, now, policy, '加我微信领取资料')).toBe(true)
  })
})

describe('isFlood', () => {
  const flood = { messages: 10, windowMs: 10_000 }
  const now = 50_000
  const burst = (n: number, spacing: number): number[] => Array.from({ length: n }, (_, i) => now - i * spacing)

  it.each<[string, number[], boolean]>([
    ['exactly the limit', burst(10, 100), false],
    ['one more than the limit', burst(11, 100), true],
    ['many, but spread out', burst(30, 1_000), true],
    ['many, spread wider than the window', burst(30, 2_000), false],
    ['old messages only', [now - 20_000, now - 30_000], false],
    ['none', [], false],
  ])('%s', (_name, timestamps, expected) => {
    expect(isFlood(timestamps, now, flood)).toBe(expected)
  })

  it('ignores timestamps after now', () => {
    expect(isFlood([...burst(10, 100), now + 1, now + 2], now, flood)).toBe(false)
  })
})
