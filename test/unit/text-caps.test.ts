/** What the caps on member text change, and what the linear rewrites kept. */
import { quotedName } from '../../src/plugins/analytics/quoted-name'
import { findLinks } from '../../src/core/ads/find-links'
import { isQuestionWithoutOffer } from '../../src/core/ads/keyword-context'
import { parseCommand } from '../../src/core/commands/parse-command'
import { compileQuestionPatterns, isQuestion, QUESTION_MAX_CHARS } from '../../src/plugins/questions/is-question'
import { hqCommandLookup } from '../helpers/hq-commands'

describe('quotedName (line scan)', () => {
  const dashes = '- - - - - - - - - - - - - - -'
  it.each<[string, string | undefined]>([
    [`「张三：周六几点开始？」\n${dashes}\n十点`, '张三'],
    [`「张三：周六几点开始？」  \n\n  ${dashes}  \n十点`, '张三'],
    [`「张三:第一行\n第二行」\n${dashes}`, '张三'],
    [`「 李四 ：好」\n${dashes}`, '李四'],
    [`「张三：没有收尾\n${dashes}\n十点`, undefined],
    [`「张三：周六」 还有字\n${dashes}`, undefined],
    [`「张三：周六」${dashes}`, undefined],
    [`「张三：周六」\n- - - -\n十点`, undefined],
    [`张三：周六」\n${dashes}`, undefined],
    ['「张三」\n' + dashes, undefined],
  ])('%j → %s', (text, name) => {
    expect(quotedName(text)).toBe(name)
  })
})

describe('linear rewrites keep their meaning', () => {
  it('trailing punctuation is trimmed from a URL, inner dots kept', () => {
    expect(findLinks('看 https://x.com/a.b...!?) 吧')).toEqual(['https://x.com/a.b'])
    expect(findLinks(`https://x.com/p${'.'.repeat(5000)}a`)).toEqual([`https://x.com/p${'.'.repeat(5000)}a`])
  })

  it.each<[string, boolean]>([
    ['信用卡套现违法吗？', true],
    ['返利什么时候到账?!  ', true],
    ['是这样吗😀😀', true],
    ['好呢。。', true],
    ['兼职', false],
    [`兼职${'?'.repeat(5000)}a`, false],
    ['宝妈们想在家兼职吗？', false], // an offer
  ])('question ending: %j → %s', (text, expected) => {
    expect(isQuestionWithoutOffer(text)).toBe(expected)
  })
})

describe('caps', () => {
  it('a question pattern is not run on a text longer than QUESTION_MAX_CHARS', () => {
    const patterns = compileQuestionPatterns(['[?？]$'])
    expect(isQuestion(`${'啊'.repeat(QUESTION_MAX_CHARS - 1)}?`, patterns)).toBe(true)
    expect(isQuestion(`${'啊'.repeat(QUESTION_MAX_CHARS)}?`, patterns)).toBe(false)
  })

  it('a long command of many @ without U+2005 parses in linear time (the mention search is bounded)', () => {
    const text = `#广播 全部 ${'@ '.repeat(40_000)}`
    const parsed = parseCommand(text, hqCommandLookup)
    expect(parsed).toMatchObject({ kind: 'ok', command: { name: 'broadcast' } })
  })

  it('@-mentions still end at U+2005 within 40 characters', () => {
    const parsed = parseCommand('#警告 @Tom Lee\u2005刷屏', hqCommandLookup)
    expect(parsed).toMatchObject({ kind: 'ok', command: { name: 'warn' } })
  })
})
