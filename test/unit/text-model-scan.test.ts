import { seededRng } from '../../src/core/seeded-rng'
import { MAX_MODEL_CHARS, modelCodePoints, modelText } from '../../src/core/ads/text-model'

/** what modelCodePoints promises: the code points of modelText, at most MAX_MODEL_CHARS */
const expected = (raw: string): number[] => Array.from(modelText(raw), (c) => c.codePointAt(0)!).slice(0, MAX_MODEL_CHARS)

describe('modelCodePoints reads a text as modelText does, in one pass', () => {
  it.each([
    ['numbers and masked numbers', '热线：xxx-xxxx-xxxx 或 138 1234 5678，xx元 xbox ax xa x'],
    ['gaps collapse and trim', '  ，，你好！！  世界。。 '],
    ['digit groups', '1 2 3,4  5 a1b2'],
    ['x runs beside letters', 'xxl xx xxa axx x1 1x xxxxx'],
    ['astral characters and emoji', '𝟭𝟯𝟴😀1234😀5678 加我🐧'],
    ['a link is left out', '看 https://example.com/a?b=1 这个 www.abc.com 吧'],
    ['only gaps', ' ，。！ '],
    ['empty', ''],
  ])('%s', (_name, raw) => {
    expect(modelCodePoints(raw)).toEqual(expected(raw))
  })

  it('a text longer than the model reads is cut at the same place', () => {
    const raw = '广告 12 '.repeat(200)
    expect(modelCodePoints(raw)).toEqual(expected(raw))
    expect(modelCodePoints(raw)).toHaveLength(MAX_MODEL_CHARS)
  })

  it('random texts of digits, x, letters, gaps, Chinese and emoji', () => {
    const rng = seededRng(19)
    const alphabet = ['x', 'x', 'x', 'a', 'X', '1', '9', ' ', ' ', '，', '!', '\n', '\u3000', '你', '微', '０', '①', '😀', '\ud83d', '-', '.', '七', '三', '八']
    for (let t = 0; t < 3000; t++) {
      const length = Math.floor(rng() * (t % 10 === 0 ? 700 : 30))
      let raw = ''
      for (let i = 0; i < length; i++) raw += alphabet[Math.floor(rng() * alphabet.length)]
      expect([raw, modelCodePoints(raw)]).toEqual([raw, expected(raw)])
    }
  })
})
