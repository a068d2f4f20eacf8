import { entrySchema, type EntryForm } from '../../src/config/schema'
import type { ManagedGroup } from '../../src/core/groups'
import { parseCommand } from '../../src/core/commands/parse-command'
import { sameTarget, targetKey } from '../../src/core/commands/parse-target'
import { seededRng } from '../../src/core/seeded-rng'
import { makeCodes, parseCode } from '../../src/plugins/entry/codes'
import { checkAnswer, questionText, routeAnswer, suggestedNickname } from '../../src/plugins/entry/form'
import { matchHello, matchPrivate } from '../../src/plugins/entry/match-entry'
import { fillOrder, nextTopic, routeGroups } from '../../src/plugins/entry/route'
import { hqCommandLookup } from '../helpers/hq-commands'

const form: EntryForm = entrySchema.parse({
  forms: [
    {
      target: '标签:读书会',
      nickname: '{城市}-{称呼}-{行业}',
      questions: [
        { id: '城市', ask: '你在哪个城市？', choices: ['北京', '上海', 'Shenzhen'], route: true },
        { id: '称呼', ask: '怎么称呼你？', pattern: '^\\p{Script=Han}{2,4}$', hint: '请写 2 到 4 个汉字' },
        { id: '行业', ask: '你做什么行业？' },
      ],
    },
  ],
}).forms[0]!

const [city, name, industry] = form.questions as [EntryForm['questions'][number], EntryForm['questions'][number], EntryForm['questions'][number]]

describe('application form answers', () => {
  it.each([
    [city, '北京', { ok: true, value: '北京' }],
    [city, ' ｓｈｅｎｚｈｅｎ ', { ok: true, value: 'Shenzhen' }], // width and case folded, stored as written
    [city, '广州', { ok: false, reason: '请从这几项里选一个回复：北京 / 上海 / Shenzhen' }],
    [name, '张三', { ok: true, value: '张三' }],
    [name, 'zhang', { ok: false, reason: '请写 2 到 4 个汉字' }],
    [industry, '   ', { ok: false, reason: '没有收到文字，请直接回复文字。' }],
    [industry, '教'.repeat(201), { ok: false, reason: '回答太长了，请控制在 200 个字以内。' }],
    [industry, '教育', { ok: true, value: '教育' }],
  ])('%# %j', (question, text, expected) => {
    expect(checkAnswer(question, text)).toEqual(expected)
  })

  it('a pattern without a hint gives the general reason', () => {
    expect(checkAnswer({ ...name, hint: undefined }, 'x')).toEqual({ ok: false, reason: '格式不对，请再试一次。' })
  })

  it('numbers the questions and lists the choices', () => {
    expect(questionText(form, 0)).toBe('(1/3) 你在哪个城市？\n可选：北京 / 上海 / Shenzhen')
    expect(questionText(form, 2)).toBe('(3/3) 你做什么行业？')
  })

  it('suggests the nickname only when every part is answered; the routing answer is the city', () => {
    expect(suggestedNickname(form, { 城市: '北京', 称呼: '张三', 行业: '教育' })).toBe('北京-张三-教育')
    expect(suggestedNickname(form, { 城市: '北京', 称呼: '张三' })).toBeUndefined()
    expect(suggestedNickname({ ...form, nickname: '' }, { 城市: '北京' })).toBeUndefined()
    expect(routeAnswer(form, { 城市: '上海' })).toBe('上海')
    expect(routeAnswer(undefined, { 城市: '上海' })).toBeUndefined()
  })

  it('the config refuses two routing questions and an autoCreate without a second member', () => {
    const two = { target: 't', questions: [{ id: 'a', ask: 'a', route: true }, { id: 'b', ask: 'b', route: true }] }
    expect(entrySchema.safeParse({ forms: [two] }).success).toBe(false)
    expect(entrySchema.safeParse({ autoCreate: { enabled: true } }).success).toBe(false)
    expect(entrySchema.safeParse({ autoCreate: { enabled: true, members: ['wxid_op'] } }).success).toBe(true)
  })
})

const keywords = [
  { keyword: '读书会', target: '标签:读书会' },
  { keyword: '北京读书会', target: '标签:北京读书会' },
]

describe('keywords and codes', () => {
  it('a hello contains the keyword (the longest wins); a private message must be the keyword', () => {
    expect(matchHello('我是张三，想加入北京读书会', keywords)).toEqual({ kind: 'keyword', keyword: '北京读书会', target: '标签:北京读书会' })
    expect(matchHello('你好', keywords)).toBeUndefined()
    expect(matchHello('', keywords)).toBeUndefined()
    expect(matchPrivate(' 读书会 ', keywords)).toEqual({ kind: 'keyword', keyword: '读书会', target: '标签:读书会' })
    expect(matchPrivate('读书会几点开始', keywords)).toBeUndefined()
  })

  it('codes: 8 characters without look-alikes, a digit and a letter each, distinct; read in any case with dashes', () => {
    const codes = makeCodes(50, ((rng) => (n: number) => Math.floor(rng() * n))(seededRng(7)))
    expect(new Set(codes).size).toBe(50)
    for (const c of codes) {
      expect(c).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
      expect(parseCode(c.toLowerCase().replace(/^(....)/, '$1-'))).toBe(c)
    }
    expect(parseCode('PASSWORD')).toBeUndefined() // O is not in the alphabet
    expect(parseCode('ABCDEFGH')).toBeUndefined() // no digit
    expect(parseCode('23456789')).toBeUndefined() // no letter
    expect(parseCode('K7QM3XPA 你好')).toBeUndefined()
    expect(matchHello('k7qm3xpa', keywords)).toEqual({ kind: 'code', code: 'K7QM3XPA' })
  })

  it.each([
    ['#入群码 生成 20 标签:训练营', { kind: 'ok', command: { name: 'codes', count: 20, target: { kind: 'tags', tags: ['训练营'] }, targetText: '标签:训练营' } }],
    ['#入群码', { kind: 'error', name: 'codes', message: '缺少生成。用法: #入群码 生成 <数量> <目标>  例: #入群码 生成 20 标签:训练营' }],
    ['#入群码 删除 3 全部', { kind: 'error', name: 'codes', message: expect.stringContaining('不认识 删除，要写 生成') }],
    ['#入群码 生成 0 全部', { kind: 'error', name: 'codes', message: expect.stringContaining('数量 0 要是 1 到 500 的整数') }],
    ['#入群码 生成 501 全部', { kind: 'error', name: 'codes', message: expect.stringContaining('数量 501 要是 1 到 500 的整数') }],
    ['#入群码 生成 5', { kind: 'error', name: 'codes', message: expect.stringContaining('缺少目标') }],
    ['#入群码 生成 5 北京', { kind: 'error', name: 'codes', message: expect.stringContaining('用法: #入群码') }],
    ['#入群码 生成 5 全部 多余', { kind: 'error', name: 'codes', message: expect.stringContaining('多余的内容 多余') }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, hqCommandLookup)).toEqual(expected)
  })
})

const group = (topic: string, tags: string[] = []): ManagedGroup => ({
  roomId: `${topic}@chatroom`,
  topic,
  memberCount: 0,
  botIsOwner: true,
  botIsAdmin: false,
  present: true,
  updatedAt: 0,
  key: undefined,
  tags,
  leaders: [],
  entry: undefined,
})

describe('a code\'s target finds its form however it was written', () => {
  it.each([
    ['标签:训练营', '标签：训练营', true], // full-width colon, as #入群码 accepts it
    ['标签:训练营', '  标签:训练营 ', true], // surrounding spaces
    ['标签:训练营', '标签: 训练营', true], // a space after the colon is trimmed from the name
    ['标签:训练营', 'tag:训练营', true], // the English word
    ['标签:A,B', '标签:B，A', true], // the same set of tags, full-width comma
    ['标签:A', '标签:A,A', true], // a repeated name
    ['群:北京1群', 'group：北京1群', true],
    ['全部', 'ALL', true],
    ['标签:训练营', '标签:训练', false], // a different tag
    ['标签:训练营', '群:训练营', false], // a group is not a tag
    ['标签:训练营', '训练营', false], // no target: kept as written (trimmed)
  ])('%s ~ %s → %s', (a, b, same) => {
    expect(sameTarget(a, b)).toBe(same)
  })

  it('keys a broken target by its trimmed text', () => {
    expect(targetKey(' 训练营 ')).toBe('训练营')
    expect(targetKey('标签：B, A')).toBe('tags:A,B')
  })
})

describe('routing with capacity', () => {
  const groups = [group('北京读书会10群', ['读书会', '北京']), group('北京读书会2群', ['读书会', '北京']), group('上海读书会1群', ['读书会'])]

  it('fills groups in topic order with numbers read as numbers', () => {
    expect(fillOrder(groups).map((g) => g.topic)).toEqual(['北京读书会2群', '北京读书会10群', '上海读书会1群']) // pinyin order: bei before shang
  })

  it('a routing answer picks groups by tag or topic; none fits → matched false', () => {
    expect(routeGroups(groups, '北京')).toEqual({ groups: [groups[1], groups[0]], matched: true })
    expect(routeGroups(groups, '上海').groups.map((g) => g.topic)).toEqual(['上海读书会1群'])
    expect(routeGroups(groups, '广州')).toEqual({ groups: [], matched: false })
    expect(routeGroups(groups, undefined).matched).toBe(false)
  })

  it('names the next group from the template, skipping a topic in use', () => {
    expect(nextTopic('{城市}读书会{n}群', { 城市: '北京' }, ['北京读书会1群', '北京读书会2群'], 2)).toBe('北京读书会3群')
    expect(nextTopic('{城市}读书会{n}群', { 城市: '北京' }, ['北京读书会2群', '北京读书会3群'], 1)).toBe('北京读书会4群')
    expect(nextTopic('{标签}{n}群', { 标签: '训练营' }, [], 0)).toBe('训练营1群')
  })
})
