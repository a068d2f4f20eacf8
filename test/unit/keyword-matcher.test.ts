import { generateKeywords, seededRng } from '../../bench/rule-throughput'
import { compileKeywordSearch, compileKeywords, foldText } from '../../src/core/ads/keyword-matcher'
import { compileWatchWords, matchWatchWords } from '../../src/core/ads/watch-words'
import { cpuMs } from '../helpers/cpu-time'

describe('compileKeywords', () => {
  it.each([
    [['兼职', '刷单'], '招兼职，刷单日结', ['兼职', '刷单']],
    [['兼职'], '兼职兼职兼职', ['兼职']],
    [['兼职'], '今天天气不错', []],
    [['VX'], '加vx聊', ['VX']],
    [['vx'], '加ＶＸ聊', ['vx']],
    [['ＶＸ'], '加vx聊', ['ＶＸ']],
    [['Free Money'], 'get FREE money now', ['Free Money']],
    [['Café'], 'CAFÉ开业', ['Café']],
    [['he', 'she', 'his', 'hers'], 'ushers', ['she', 'he', 'hers']],
    [['a', 'ab', 'abc', 'bc', 'c'], 'abc', ['a', 'ab', 'abc', 'bc', 'c']],
    [['💰💰'], '快来💰💰赚钱', ['💰💰']],
    [[], '任何文字', []],
    [[''], '任何文字', []],
  ])('%j in %j → %j', (words, text, expected) => {
    expect(compileKeywords(words)(text).sort()).toEqual([...expected].sort())
  })

  it('reports keywords in the order they are first completed in the text', () => {
    expect(compileKeywords(['刷单', '兼职', '返利'])('返利和兼职')).toEqual(['返利', '兼职'])
  })

  it('reports the first of keywords that fold to the same text', () => {
    expect(compileKeywords(['VX', 'vx', 'ｖｘ'])('Vx')).toEqual(['VX'])
  })

  it('gives positions in the original text', () => {
    const hits = compileKeywordSearch(['加微信', '微信'])('请加微信')
    expect(hits).toEqual([
      { keyword: '加微信', start: 1, end: 4 },
      { keyword: '微信', start: 2, end: 4 },
    ])
  })

  it('foldText keeps the length and folds full-width and case', () => {
    expect(foldText('ＡＢｃ１２　Ok')).toBe('abc12 ok')
  })

  it('agrees with a naive search over 5,000 generated keywords', () => {
    const rng = seededRng(7)
    const words = generateKeywords(5000, rng)
    const match = compileKeywords(words)
    for (let n = 0; n < 200; n++) {
      // texts made of keyword pieces and filler, so hits and near-misses both occur
      let text = ''
      for (let k = 0; k < 8; k++) {
        const w = words[Math.floor(rng() * words.length)]!
        text += rng() < 0.5 ? w : w.slice(1) + '的'
      }
      const naive = words.filter((w) => text.includes(w)).sort()
      expect(match(text).sort()).toEqual(naive)
    }
  })

  it('matches 5,000 keywords quickly', () => {
    const words = generateKeywords(5000, seededRng(11))
    const text = '今天晚上八点直播，大家记得准时参加，有问题在群里问'.repeat(4)
    const ms = cpuMs(() => {
      const match = compileKeywords(words)
      for (let i = 0; i < 10000; i++) match(text)
    })
    // ~100 µs per call would still be fine for a chat bot; this is far below it (CPU time: the
    // machine is shared, and other processes stretch only the wall clock)
    expect(ms).toBeLessThan(5000)
  })
})

describe('matchWatchWords', () => {
  const compiled = compileWatchWords(['退款', '投诉', '骗子'])

  it.each([
    ['我要投诉，你们都是骗子', ['投诉', '骗子']],
    ['什么时候退款？', ['退款']],
    ['谢谢老师', []],
  ])('%j → %j', (text, expected) => {
    expect(matchWatchWords(text, compiled)).toEqual(expected)
  })
})
