import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { commandLookup } from '../../../src/core/commands/command-spec'
import { parseCommand } from '../../../src/core/commands/parse-command'
import { faqCommand, wrongAnswerCommand } from '../../../src/plugins/faq/faq-commands'
import { faqTexts } from '../../../src/plugins/faq/texts'
import { play, says, textIn } from '../../helpers/scenario'

const scenario = readFileSync(join(__dirname, '..', '..', '..', 'scenarios', 'faq.yaml'), 'utf8')
const ANSWER = '课件在群文件「课件」文件夹里，课后当天更新。'
const KEYWORD = '开发票请在小程序「我的-订单」里申请，3 个工作日内发到邮箱。'

describe('#FAQ and #误答: parsing', () => {
  const commands = commandLookup(() => [faqCommand, wrongAnswerCommand])
  it.each([
    ['#FAQ', { name: 'faq', action: 'list' }],
    ['#FAQ 添加 有回放吗 || 有，课后发到群里', { name: 'faq', action: 'add', question: '有回放吗', answer: '有，课后发到群里' }],
    ['/faq edit f3 新答案\n第二行', { name: 'faq', action: 'edit', id: 'F3', answer: '新答案\n第二行' }],
    ['#FAQ 删 F12', { name: 'faq', action: 'remove', id: 'F12' }],
    ['#误答 q7', { name: 'wronganswer', questionId: 'Q7' }],
  ])('%j', (text, command) => {
    expect(parseCommand(text, commands)).toEqual({ kind: 'ok', command })
  })

  it.each([
    ['#FAQ 添加 有回放吗 有的', faqTexts.missingSeparator],
    ['#FAQ 添加 || 有的', faqTexts.missingQuestion],
    ['#FAQ 改 F3', faqTexts.missingAnswer],
    ['#FAQ 删 Q3', '编号'],
    ['#FAQ 清空', '不认识'],
    ['#误答', '缺少'],
  ])('%j is refused with its usage (%s)', (text, reason) => {
    const result = parseCommand(text, commands)
    expect(result).toEqual({ kind: 'error', name: expect.any(String), message: expect.stringContaining(reason) })
  })
})

describe('the FAQ in the simulated world (scenarios/faq.yaml)', () => {
  it('answers paraphrases learned from #回复, relays the rest, takes back a #误答 and keeps a keyword’s cooldown', async () => {
    const { transcript: t } = await play(scenario)
    const hq = textIn(t, 'hq@chatroom')

    // HQ answered Q1 once, itself
    expect(hq.filter((x) => x.startsWith('已回复'))).toEqual(['已回复 Q1 到「北京1群」。'])
    expect(says(t, 'bj1@chatroom').map((l) => [l.text, l.mentions])).toContainEqual([`@a ${ANSWER}`, ['wxid_a']])

    // two paraphrases in the other groups were answered by the bot, the asker @'d, marked 「常见问题」
    expect(says(t, 'bj2@chatroom').map((l) => [l.text, l.mentions])[0]).toEqual([`@c 「常见问题」${ANSWER}`, ['wxid_c']])
    const sh1 = says(t, 'sh1@chatroom').map((l) => [l.text, l.mentions])
    expect(sh1[0]).toEqual([`@e 「常见问题」${ANSWER}`, ['wxid_e']])

    // the digest: Q4 (same words, another question) is asked; Q2 and Q3 are shown as answered
    const digest = hq.filter((x) => x.startsWith('❓')).join('\n')
    expect(digest).toContain('Q4 [北京2群] d: 课件下载不了怎么办？')
    expect(digest).toMatch(/Q2 已自动回复 \(F1, 相似 0\.\d\d\) \[北京2群\] c: 讲义去哪儿下载？/)
    expect(digest).toMatch(/Q3 已自动回复 \(F1, 相似 0\.\d\d\)/)
    expect(digest).toContain('回复: #回复 Q4 内容')
    expect(digest).not.toMatch(/Q2 \[/)
    // nobody was answered in bj2 for Q4 (its second line is Q8's, below)
    expect(says(t, 'bj2@chatroom')).toHaveLength(2)

    // #误答 Q3: a correction in sh1 @ the asker, F1 lowered, Q3 relayed to HQ again
    expect(sh1[1]).toEqual([`@e ${faqTexts.correction}`, ['wxid_e']])
    const retracted = hq.findIndex((x) => x.startsWith('↩️ 已撤回 Q3'))
    expect(hq[retracted]).toContain('F1 已降权（误答 1 次）')
    expect(hq.slice(retracted).some((x) => x.includes('Q3 [上海1群] e: 请问课件去哪里下载'))).toBe(true)

    // the keyword: answered in bj1 (Q5), not again in bj1 within 10 minutes (Q6 goes to HQ), answered in sh1 (Q7)
    const keywordSays = t.filter((l) => l.type === 'say' && l.text?.includes(KEYWORD)).map((l) => [l.room, l.mentions])
    expect(keywordSays).toEqual([
      ['bj1@chatroom', ['wxid_b']],
      ['sh1@chatroom', ['wxid_f']],
    ])
    expect(hq.some((x) => x.includes('Q5 已自动回复 (关键词 发票)'))).toBe(true)
    expect(hq.some((x) => x.includes('Q6 [北京1群] a: 发票能开专票吗？'))).toBe(true)

    // a keyword answered with a media item (北京 only): the line @ the asker, then the image; not in 上海
    expect(says(t, 'bj2@chatroom').at(-1)).toMatchObject({ text: '@d 「常见问题」请看：poster.png', mentions: ['wxid_d'] })
    expect(t.filter((l) => l.type === 'send').map((l) => [l.room, l.kind, l.name])).toEqual([['bj2@chatroom', 'image', 'poster.png']])
    expect(hq.some((x) => x.includes('Q9 [上海1群] e: 这周的课表出了吗？'))).toBe(true)

    // #FAQ: the entry with its hits and its #误答
    expect(hq.at(-1)).toBe(`📚 常见问题（1）：\nF1 (命中 2，误答 1) 课件在哪里下载？ → ${ANSWER}`)
  })
})
