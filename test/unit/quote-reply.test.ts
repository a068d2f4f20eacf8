import { splitQuoteReply } from '../../src/core/commands/quote-reply'
import { parseCommand } from '../../src/core/commands/parse-command'
import { hqCommandLookup } from '../helpers/hq-commands'

const dashes = '- - - - - - - - - - - - - - -'

describe('splitQuoteReply', () => {
  it.each<[string, ReturnType<typeof splitQuoteReply>]>([
    [`「张三：加我微信领优惠券」\n${dashes}\n#广告`, { name: '张三', quoted: '加我微信领优惠券', reply: '#广告' }],
    [`「北京-张三-教育:私我领福利\n第二行」\n${dashes}\n#误判`, { name: '北京-张三-教育', quoted: '私我领福利\n第二行', reply: '#误判' }],
    [`「群助手：🔎 [R12] 疑似广告」\n${dashes}\n/ad`, { name: '群助手', quoted: '🔎 [R12] 疑似广告', reply: '/ad' }],
    ['#广告 R12', undefined],
    ['「张三：只有引号」没有分隔线', undefined],
    [`「：没有名字」\n${dashes}\n#广告`, undefined],
  ])('%j', (text, expected) => {
    expect(splitQuoteReply(text)).toEqual(expected)
  })

  it('takes linear time on hostile input (many quote marks, long blank runs)', () => {
    const hostile = `「张三：${'」\n'.repeat(20000)}${' \n'.repeat(20000)}`
    const t0 = process.cpuUsage()
    expect(splitQuoteReply(hostile)).toBeUndefined()
    const used = process.cpuUsage(t0)
    expect((used.user + used.system) / 1000).toBeLessThan(500)
  })

  it('the reply parses as the command (#广告 with no id means the quoted message)', () => {
    const q = splitQuoteReply(`「张三：加我微信领优惠券」\n${dashes}\n#广告`)
    expect(parseCommand(q!.reply, hqCommandLookup)).toEqual({ kind: 'ok', command: { name: 'ad' } })
  })
})
