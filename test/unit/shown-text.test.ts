import { cleanShown, shownWho } from '../../src/texts/shown-text'
import { entryMessages } from '../../src/plugins/entry/texts'
import { ruleActionMessages, rulesMessages } from '../../src/texts/rules'
import { hqMessages } from '../../src/texts/hq'
import { welcomeText } from '../../src/core/rules/welcome-text'
import { checkAnswer, suggestedNickname } from '../../src/plugins/entry/form'

/** Issue 17, item 6: a name or answer the bot repeats must not steer how its own line reads. */
describe('cleanShown: names and answers as the bot repeats them', () => {
  it.each<[string, string, string]>([
    ['a plain name stays', '王小丫', '王小丫'],
    ['right-to-left override (U+202E) and its pop', '小新\u202e吧了群退\u202c', '小新吧了群退'],
    ['every embedding and override U+202A–U+202E', 'a\u202ab\u202bc\u202cd\u202de\u202ef', 'abcdef'],
    ['isolates U+2066–U+2069', '\u2066张\u2067三\u2068李\u2069', '张三李'],
    ['left-to-right and right-to-left marks, Arabic letter mark', 'x\u200ey\u200fz\u061cw', 'xyzw'],
    ['zero-width space, non-joiner, word joiner, BOM used to split a word', '微\u200b信\u200c加\u2060我\ufeff', '微信加我'],
    ['a lone zero-width joiner disguising a word', '加\u200d微\u200d信', '加微信'],
    ['a joiner inside an emoji sequence stays', '程序员👩\u200d💻', '程序员👩\u200d💻'],
    ['a joiner after a skin tone inside an emoji stays', '👩🏽\u200d💻', '👩🏽\u200d💻'],
    ['C0 controls and DEL', 'a\u0000b\u0007c\u001bd\u007fe', 'abcde'],
    ['C1 controls', 'a\u0080b\u009bc\u009fd', 'abcd'],
    ['line breaks become one space: a name cannot start a line of its own', '小新\n✅ 已通过\r\n审核', '小新 ✅ 已通过 审核'],
    ['Unicode line and paragraph separators, NEL', 'a\u2028b\u2029c\u0085d', 'a b c d'],
    ['tabs go', 'a\tb', 'ab'],
    ['markup tags go, their text stays', '<b>张三</b><a href="http://x">点我</a>', '张三点我'],
    ['a comment and a script tag', 'a<!-- x -->b<script>c</script>', 'abc'],
    ['a "<3" is not markup', 'I <3 书', 'I <3 书'],
    ['runs of spaces are one, the ends trimmed', '  张   三  ', '张 三'],
    ['soft hyphen and Hangul filler', 'a\u00adb\u3164c', 'abc'],
    ['only controls: nothing left', '\u202e\u200b\n', ''],
  ])('%s', (_, raw, shown) => {
    expect(cleanShown(raw)).toBe(shown)
    // cleaning twice changes nothing
    expect(cleanShown(cleanShown(raw))).toBe(shown)
  })

  it('is used by the texts that repeat names: the gate, removals, relays, welcomes', () => {
    const rlo = '坏\u202e人'
    expect(entryMessages.hq.unmatched(rlo, 'wxid_x', '你好\u202e', 3)).toBe('👋 好友申请没有带入群关键词，留给人工处理：坏人(wxid_x) 验证消息「你好」 (今日第 3 个)')
    expect(entryMessages.welcome('读书会\u202e1群', '北京-\u0007张三')).toBe('欢迎加入「读书会1群」！建议把群昵称改为「北京-张三」，方便大家认识你。')
    expect(entryMessages.hq.notJoined(rlo, 'wxid_x', 'g')).not.toMatch(/\u202e/)
    const report = { cause: 'rule' as const, groupLabel: '群\u202e1', memberId: 'wxid_x', memberName: rlo, reason: '发广告', evidence: '关键词 加\u200b微信' }
    expect(ruleActionMessages.removed(report)).toBe('🚫 已将 坏人(wxid_x) 移出「群1」：发广告\n证据：关键词 加微信')
    expect(rulesMessages.removedNotice(rlo, '发广告')).toBe('坏人 因发广告，已被移出群聊。')
    expect(hqMessages.questionsRelay([{ id: 'Q1', group: 'g\u202e', name: rlo, text: '有人\n吗\u202e？' }])).toContain('Q1 [g] 坏人: 有人 吗？')
    expect(welcomeText({ enabled: true, text: '欢迎 {成员} 加入 {群名}', batchMs: 0, maxMentions: 20 } as never, { memberNames: [rlo], groupName: 'g\u202e', nicknameExample: '' })).toBe('欢迎 @坏人 加入 g')
    expect(shownWho('\u202e坏人\n', 'wxid_x')).toBe('坏人(wxid_x)')
  })

  it('an applicant’s answers are kept clean, so the suggested nickname is too', () => {
    expect(checkAnswer({ id: '称呼', ask: '?', route: false }, '\u202e张三\u0007')).toEqual({ ok: true, value: '张三' })
    expect(checkAnswer({ id: '称呼', ask: '?', route: false }, '<b>\u200b</b>')).toEqual({ ok: false, reason: entryMessages.emptyAnswer })
    const form = { target: 't', nickname: '{城市}-{称呼}', questions: [{ id: '城市', ask: '?', route: false }] }
    expect(suggestedNickname(form, { 城市: '北京\u202e', 称呼: '张\u2066三' })).toBe('北京-张三')
  })
})
