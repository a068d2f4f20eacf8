import { roleAllows, type HqRole } from '../../src/core/commands/hq-role'
import { helpText } from '../../src/plugins/hq/help-text'
import { parseCommand, type ParseContext } from '../../src/core/commands/parse-command'
import { hqCommand, hqCommandLookup, hqCommands, type HqCommandName as CommandName, type HqParsedCommand as Command } from '../helpers/hq-commands'
import { commandUsages } from '../../src/texts'
import { cpuMs } from '../helpers/cpu-time'

const at = '\u2005' // WeChat puts this after an inserted @mention
const now = Date.UTC(2026, 5, 1)
const context = { timeZone: 'Asia/Shanghai', now }
const parse = (text: string) => parseCommand(text, hqCommandLookup, context)
// the declarations of the default plugins, as the closed table was: word → name, name → alias
const commandNames = hqCommands.map((c) => c.alias)
const commandTable = hqCommands.map((c) => ({ word: c.name, alias: c.alias, name: c.alias, leaderInOwnGroup: c.leaderInOwnGroup ?? false }))
const commandEntry = (name: CommandName) => ({ minRole: hqCommand(name).role })
const findCommand = (word: string) => {
  const spec = hqCommandLookup.find(word)
  return spec && { name: spec.alias }
}
const usageOf = (name: CommandName) => hqCommand(name).usage
const parseAll = (text: string, ctx?: ParseContext) => parseCommand(text, hqCommandLookup, ctx)

describe('command table', () => {
  const viewer = ['help', 'groups', 'progress', 'report', 'schedules', 'bans', 'points', 'invites', 'silent', 'accounts', 'console', 'media', 'sop']
  const operator = ['announce', 'broadcast', 'forward', 'confirm', 'cancel', 'retry', 'schedule', 'unschedule', 'reply', 'tag', 'ad', 'notad', 'codes', 'faq', 'wronganswer']
  const admin = ['ban', 'unban', 'remove', 'rules', 'warn']

  it.each(commandNames.map((n) => [n] as const))('%s has the role of spec "Who may command"', (name) => {
    const expected: HqRole = viewer.includes(name) ? 'viewer' : operator.includes(name) ? 'operator' : 'admin'
    expect(admin.includes(name) || expected !== 'admin').toBe(true)
    expect(commandEntry(name).minRole).toBe(expected)
  })

  it('lets leaders warn and remove in their own group, nothing else', () => {
    expect(commandTable.filter((c) => c.leaderInOwnGroup).map((c) => c.name)).toEqual(['remove', 'warn'])
  })

  it('has unique words and aliases, and each usage starts with the word', () => {
    const words = commandTable.flatMap((c) => [c.word, c.alias])
    expect(new Set(words).size).toBe(words.length)
    for (const c of commandTable) {
      expect(usageOf(c.name).startsWith(`#${c.word}`)).toBe(true)
      expect(usageOf(c.name)).not.toMatch(/[\r\n]/)
      // the texts file holds the usages of the commands that predate the plugin folders
      if (c.name in commandUsages) expect(usageOf(c.name)).toBe(commandUsages[c.name as keyof typeof commandUsages])
    }
  })

  it.each<[HqRole, HqRole, boolean]>([
    ['admin', 'viewer', true],
    ['admin', 'admin', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['viewer', 'operator', false],
  ])('%s may use a %s command: %s', (role, need, allowed) => {
    expect(roleAllows(role, need)).toBe(allowed)
  })

  it('finds words exactly, aliases in any case', () => {
    expect(findCommand('广播')?.name).toBe('broadcast')
    expect(findCommand('BroadCast')?.name).toBe('broadcast')
    expect(findCommand('广')).toBeUndefined()
  })
})

describe('parseCommand: not a command', () => {
  it.each(['', '   ', '广播 全部 你好', 'hello #广播', '@张三 #广播 全部 x', '\u200b#广播 全部 x', '＠all 你好'])(
    '%j',
    (text) => {
      expect(parse(text)).toEqual({ kind: 'not-command' })
    },
  )
})

const shTags = (...tags: string[]) => ({ kind: 'tags' as const, tags })
const groupsT = (...names: string[]) => ({ kind: 'groups' as const, names })
const all = { kind: 'all' as const }
const mention = (name: string) => ({ kind: 'mention' as const, name })
const id = (value: string) => ({ kind: 'id' as const, id: value })

describe('parseCommand: accepted commands', () => {
  it.each<[string, Command]>([
    // help, all four sigil/word combinations
    ['#帮助', { name: 'help' }],
    ['/help', { name: 'help' }],
    ['＃帮助', { name: 'help' }],
    ['/帮助', { name: 'help' }],
    ['#help', { name: 'help' }],
    ['/HELP', { name: 'help' }],
    ['#帮助 广播', { name: 'help', topic: 'broadcast' }],
    ['#帮助 #广播', { name: 'help', topic: 'broadcast' }],
    ['/help Broadcast', { name: 'help', topic: 'broadcast' }],
    ['/help /schedule', { name: 'help', topic: 'schedule' }],
    // leading whitespace of every kind, and a space after the sigil
    ['  #帮助', { name: 'help' }],
    ['\u3000#帮助', { name: 'help' }],
    [`${at}#帮助`, { name: 'help' }],
    ['\n\t #帮助  ', { name: 'help' }],
    ['# 帮助', { name: 'help' }],
    // broadcast
    ['#广播 全部 大家好', { name: 'broadcast', target: all, text: '大家好' }],
    ['/broadcast all hello', { name: 'broadcast', target: all, text: 'hello' }],
    ['#broadcast ALL hello', { name: 'broadcast', target: all, text: 'hello' }],
    ['/广播 全部 你好', { name: 'broadcast', target: all, text: '你好' }],
    ['＃广播 标签：北京 今晚8点分享', { name: 'broadcast', target: shTags('北京'), text: '今晚8点分享' }],
    ['#广播 标签:北京 今晚8点分享', { name: 'broadcast', target: shTags('北京'), text: '今晚8点分享' }],
    ['#广播 tag:北京,上海 x', { name: 'broadcast', target: shTags('北京', '上海'), text: 'x' }],
    ['#广播 TAG:北京，上海,,北京 x', { name: 'broadcast', target: shTags('北京', '上海'), text: 'x' }],
    ['#广播 群:北京1群 x', { name: 'broadcast', target: groupsT('北京1群'), text: 'x' }],
    ['#广播 group:bj1,sh2 x', { name: 'broadcast', target: groupsT('bj1', 'sh2'), text: 'x' }],
    ['#广播 群：北京1群，上海2群 x', { name: 'broadcast', target: groupsT('北京1群', '上海2群'), text: 'x' }],
    [
      '#广播 全部 第一行\n第二行  有两个空格\n\n  缩进的第四行',
      { name: 'broadcast', target: all, text: '第一行\n第二行  有两个空格\n\n  缩进的第四行' },
    ],
    ['#广播 全部\n第一行\n第二行\n', { name: 'broadcast', target: all, text: '第一行\n第二行' }],
    ['#广播\u3000全部\u3000你好\u3000世界', { name: 'broadcast', target: all, text: '你好\u3000世界' }],
    ['#广播 全部 {群名} 的 {负责人} 你好 😀', { name: 'broadcast', target: all, text: '{群名} 的 {负责人} 你好 😀' }],
    ['#广播 全部 "引号" 内容', { name: 'broadcast', target: all, text: '"引号" 内容' }],
    ['#广播 全部 @所有人 开会', { name: 'broadcast', target: all, text: '@所有人 开会' }],
    // forward
    ['#转发 全部', { name: 'forward', target: all }],
    ['/forward tag:北京', { name: 'forward', target: shTags('北京') }],
    // confirm / cancel / progress / retry
    ['#确认', { name: 'confirm' }],
    ['#确认 b12', { name: 'confirm', id: 'B12' }],
    ['/confirm B3', { name: 'confirm', id: 'B3' }],
    ['#确认 Ｂ１２', { name: 'confirm', id: 'B12' }],
    ['#确认 B007', { name: 'confirm', id: 'B7' }],
    ['#取消', { name: 'cancel' }],
    ['#取消 b2', { name: 'cancel', id: 'B2' }],
    ['#进度', { name: 'progress' }],
    ['/progress b9', { name: 'progress', id: 'B9' }],
    ['#重发 b4', { name: 'retry', id: 'B4' }],
    // schedule
    [
      '#定时 每天08:00 标签:北京 早上好',
      {
        name: 'schedule',
        when: { kind: 'cron', pattern: '0 8 * * *', description: '每天 08:00' },
        whenText: '每天08:00',
        target: shTags('北京'),
        text: '早上好',
      },
    ],
    [
      '#定时 每天 08:00 全部 早上好\n第二行',
      {
        name: 'schedule',
        when: { kind: 'cron', pattern: '0 8 * * *', description: '每天 08:00' },
        whenText: '每天 08:00',
        target: all,
        text: '早上好\n第二行',
      },
    ],
    [
      '/schedule 工作日08:00 all hi',
      {
        name: 'schedule',
        when: { kind: 'cron', pattern: '0 8 * * 1-5', description: '工作日 08:00' },
        whenText: '工作日08:00',
        target: all,
        text: 'hi',
      },
    ],
    [
      '#定时 每周一20:00 群:北京1群 周会',
      {
        name: 'schedule',
        when: { kind: 'cron', pattern: '0 20 * * 1', description: '每周一 20:00' },
        whenText: '每周一20:00',
        target: groupsT('北京1群'),
        text: '周会',
      },
    ],
    [
      '#定时 2026-12-01T20:00 全部 年终分享',
      {
        name: 'schedule',
        when: { kind: 'once', at: Date.UTC(2026, 11, 1, 12, 0), description: '2026-12-01 20:00 (一次)' },
        whenText: '2026-12-01T20:00',
        target: all,
        text: '年终分享',
      },
    ],
    [
      '#定时 2026-12-01 20:00 全部 年终分享',
      {
        name: 'schedule',
        when: { kind: 'once', at: Date.UTC(2026, 11, 1, 12, 0), description: '2026-12-01 20:00 (一次)' },
        whenText: '2026-12-01 20:00',
        target: all,
        text: '年终分享',
      },
    ],
    [
      '#定时 "0 8 * * 1-5" 全部 早',
      {
        name: 'schedule',
        when: { kind: 'cron', pattern: '0 8 * * 1-5', description: 'cron 0 8 * * 1-5' },
        whenText: '"0 8 * * 1-5"',
        target: all,
        text: '早',
      },
    ],
    [
      '#定时 “*/30 9-18 * * *” tag:北京 提醒 "喝水"',
      {
        name: 'schedule',
        when: { kind: 'cron', pattern: '*/30 9-18 * * *', description: 'cron */30 9-18 * * *' },
        whenText: '“*/30 9-18 * * *”',
        target: shTags('北京'),
        text: '提醒 "喝水"',
      },
    ],
    ['#定时列表', { name: 'schedules' }],
    ['/schedules', { name: 'schedules' }],
    ['#删除定时 s2', { name: 'unschedule', id: 'S2' }],
    ['/unschedule S10', { name: 'unschedule', id: 'S10' }],
    // groups / report / points
    ['#群列表', { name: 'groups' }],
    ['#群列表 标签:北京', { name: 'groups', target: shTags('北京') }],
    ['/groups all', { name: 'groups', target: all }],
    ['#报告', { name: 'report' }],
    ['#报告 群:北京1群', { name: 'report', target: groupsT('北京1群') }],
    ['#积分榜', { name: 'points' }],
    ['/points tag:上海', { name: 'points', target: shTags('上海') }],
    // tag
    ['#标签 北京1群 +北京 -待定', { name: 'tag', group: '北京1群', add: ['北京'], remove: ['待定'] }],
    ['/tag bj1 +a +b', { name: 'tag', group: 'bj1', add: ['a', 'b'], remove: [] }],
    ['#标签 群:北京1群 －旧 ＋新', { name: 'tag', group: '北京1群', add: ['新'], remove: ['旧'] }],
    ['#标签 北京1群 +北京,上海 +北京', { name: 'tag', group: '北京1群', add: ['北京', '上海'], remove: [] }],
    // reply
    ['#回复 q3 周六上午10点开始', { name: 'reply', questionId: 'Q3', text: '周六上午10点开始' }],
    ['/reply Q12 line1\nline2', { name: 'reply', questionId: 'Q12', text: 'line1\nline2' }],
    // ad / notad (no id: the quote-reply's quoted message is meant)
    ['#广告 R12', { name: 'ad', caseId: 'R12' }],
    ['#广告 r012', { name: 'ad', caseId: 'R12' }],
    ['＃广告 Ｒ７', { name: 'ad', caseId: 'R7' }],
    ['/ad R3', { name: 'ad', caseId: 'R3' }],
    ['#广告', { name: 'ad' }],
    ['#误判 R12', { name: 'notad', caseId: 'R12' }],
    ['#误判 R12 抱歉，误删了', { name: 'notad', caseId: 'R12', text: '抱歉，误删了' }],
    ['/notad R2 sorry\nour mistake', { name: 'notad', caseId: 'R2', text: 'sorry\nour mistake' }],
    ['#误判', { name: 'notad' }],
    // ban / unban / bans
    [`#黑名单 @张三${at}发广告`, { name: 'ban', who: mention('张三'), reason: '发广告' }],
    [`#黑名单 @张三${at}`, { name: 'ban', who: mention('张三') }],
    ['#黑名单 @张三 发广告 多次', { name: 'ban', who: mention('张三'), reason: '发广告 多次' }],
    ['#黑名单 wxid_abc 刷屏\n三次', { name: 'ban', who: id('wxid_abc'), reason: '刷屏\n三次' }],
    [`/ban @Tom Lee${at}spam`, { name: 'ban', who: mention('Tom Lee'), reason: 'spam' }],
    ['#黑名单 ＠张三', { name: 'ban', who: mention('张三') }],
    ['#解除黑名单 wxid_abc', { name: 'unban', contactId: 'wxid_abc' }],
    ['/unban wxid_abc', { name: 'unban', contactId: 'wxid_abc' }],
    ['#黑名单列表', { name: 'bans' }],
    ['/BANS', { name: 'bans' }],
    // remove / warn
    [`#移出 @张三${at}`, { name: 'remove', who: mention('张三') }],
    [`#移出 @张三${at}群:北京1群`, { name: 'remove', who: mention('张三'), target: groupsT('北京1群') }],
    ['#移出 wxid_abc 全部', { name: 'remove', who: id('wxid_abc'), target: all }],
    [`/remove @Tom Lee${at}tag:北京`, { name: 'remove', who: mention('Tom Lee'), target: shTags('北京') }],
    [`#警告 @张三${at}请勿刷屏`, { name: 'warn', who: mention('张三'), reason: '请勿刷屏' }],
    ['#警告 @张三', { name: 'warn', who: mention('张三') }],
    [`#警告 @张三${at}第一行\n第二行`, { name: 'warn', who: mention('张三'), reason: '第一行\n第二行' }],
    ['/warn wxid_x spam', { name: 'warn', who: id('wxid_x'), reason: 'spam' }],
    // rules
    ['#规则 重载', { name: 'rules', action: 'reload' }],
    ['/rules RELOAD', { name: 'rules', action: 'reload' }],
    ['#规则 查看', { name: 'rules', action: 'show' }],
    ['#规则 查看 北京1群', { name: 'rules', action: 'show', group: '北京1群' }],
    ['#规则 show 群:bj1', { name: 'rules', action: 'show', group: 'bj1' }],
    // silent
    ['#潜水', { name: 'silent' }],
    ['#潜水 30', { name: 'silent', days: 30 }],
    ['#潜水 30天', { name: 'silent', days: 30 }],
    ['#潜水 ３０', { name: 'silent', days: 30 }],
    ['#潜水 全部', { name: 'silent', target: all }],
    ['#潜水 群:北京1群 30', { name: 'silent', target: groupsT('北京1群'), days: 30 }],
    ['/silent 7 tag:北京', { name: 'silent', target: shTags('北京'), days: 7 }],
  ])('%j', (text, command) => {
    expect(parse(text)).toEqual({ kind: 'ok', command })
  })
})

describe('parseCommand: unknown commands', () => {
  it.each(['#', '＃', '/', '#   ', '#今天天气', '#今天 天气', '/hello', '##帮助', '#😀', '/::)', '#帮 助'])('%j', (text) => {
    const result = parse(text)
    expect(result).toEqual({ kind: 'error', message: expect.stringContaining('未知命令') })
    expect(result.kind === 'error' && result.message).toContain('发送 #帮助 查看命令列表')
  })

  it.each<[string, CommandName]>([
    ['#广播全部 你好', 'broadcast'],
    ['#帮助广播', 'help'],
    ['/broadcastall hi', 'broadcast'],
    ['#定时列表吗', 'schedules'],
    ['#广告R3', 'ad'],
  ])('%j is near %s, and says so with its usage', (text, name) => {
    const result = parse(text)
    expect(result).toEqual({ kind: 'error', name, message: expect.stringContaining('未知命令') })
    expect(result.kind === 'error' && result.message).toContain(usageOf(name))
  })
})

describe('parseCommand: malformed commands quote their usage', () => {
  it.each<[string, CommandName, string]>([
    ['#帮助 天气', 'help', '没有命令'],
    ['#帮助 广播 定时', 'help', '多余'],
    ['#广播', 'broadcast', '缺少目标'],
    ['#广播 全部', 'broadcast', '缺少内容'],
    ['#广播 全部   \n  ', 'broadcast', '缺少内容'],
    ['#广播 北京1群 你好', 'broadcast', '目标'],
    ['#广播 标签: 你好', 'broadcast', '没有写名称'],
    ['#广播 群:,， 你好', 'broadcast', '没有写名称'],
    ['#广播 tag 你好', 'broadcast', '目标'],
    ['/broadcast everyone hi', 'broadcast', '目标'],
    ['#转发', 'forward', '缺少目标'],
    ['#转发 全部 多余', 'forward', '多余'],
    ['#转发 北京', 'forward', '目标'],
    ['#确认 12', 'confirm', '编号'],
    ['#确认 S1', 'confirm', '编号'],
    ['#确认 B1 B2', 'confirm', '多余'],
    ['#取消 现在', 'cancel', '编号'],
    ['#进度 Bx', 'progress', '编号'],
    ['#重发', 'retry', '缺少编号'],
    ['#重发 Q1', 'retry', '编号'],
    ['#重发 B1 B2', 'retry', '多余'],
    ['#定时', 'schedule', '缺少时间'],
    ['#定时 明天 全部 你好', 'schedule', '看不懂时间'],
    ['#定时 每天25:00 全部 你好', 'schedule', '00:00 到 23:59'],
    ['#定时 2020-01-01T08:00 全部 你好', 'schedule', '已经过了'],
    ['#定时 "0 8 * *" 全部 你好', 'schedule', '5 或 6 段'],
    ['#定时 "0 8 * * 9" 全部 你好', 'schedule', '星期'],
    ['#定时 "0 8 * * *', 'schedule', '看不懂时间'],
    ['#定时 每天08:00', 'schedule', '缺少目标'],
    ['#定时 每天08:00 全部', 'schedule', '缺少内容'],
    ['#定时 每天08:00 北京 你好', 'schedule', '目标'],
    ['#定时列表 全部', 'schedules', '多余'],
    ['#删除定时', 'unschedule', '缺少编号'],
    ['#删除定时 B1', 'unschedule', '编号'],
    ['#群列表 北京', 'groups', '目标'],
    ['#群列表 全部 全部', 'groups', '多余'],
    ['#标签', 'tag', '缺少群'],
    ['#标签 北京1群', 'tag', '缺少要加减的标签'],
    ['#标签 北京1群 北京', 'tag', '+ 或 -'],
    ['#标签 北京1群 +', 'tag', '没有写标签'],
    ['#标签 北京1群 +a -a', 'tag', '同时加和减'],
    ['#标签 群: +a', 'tag', '缺少群'],
    ['#报告 x', 'report', '目标'],
    ['#回复', 'reply', '缺少问题编号'],
    ['#回复 Q3', 'reply', '缺少内容'],
    ['#回复 你好', 'reply', '编号'],
    ['#回复 B3 你好', 'reply', '编号'],
    ['#广告 Q3', 'ad', '编号 Q3 不对，应为 R1 这样的编号'],
    ['#广告 R3 R4', 'ad', '多余的内容 R4'],
    ['#广告 张三', 'ad', '编号'],
    ['#误判 B3 抱歉', 'notad', '编号 B3 不对'],
    ['#误判 抱歉，误删了', 'notad', '编号'],
    ['#黑名单', 'ban', '缺少联系人'],
    ['#黑名单 @', 'ban', '@ 后面要写名字'],
    [`#黑名单 @${at}`, 'ban', '@ 后面要写名字'],
    ['#黑名单 全部', 'ban', '缺少联系人'],
    ['#解除黑名单', 'unban', '缺少联系人'],
    ['#解除黑名单 @张三', 'unban', '联系人id'],
    ['#解除黑名单 a b', 'unban', '多余'],
    ['#黑名单列表 x', 'bans', '多余'],
    ['#移出', 'remove', '缺少联系人'],
    ['#移出 群:北京1群', 'remove', '缺少联系人'],
    ['#移出 @张三 北京1群', 'remove', '目标'],
    ['#移出 @张三 全部 多余', 'remove', '多余'],
    ['#警告', 'warn', '缺少联系人'],
    ['#警告 @', 'warn', '@ 后面要写名字'],
    ['#规则', 'rules', '缺少重载 或 查看'],
    ['#规则 删除', 'rules', '写 重载 或 查看'],
    ['#规则 重载 现在', 'rules', '多余'],
    ['#规则 查看 a b', 'rules', '多余'],
    ['#规则 查看 群:', 'rules', '缺少群'],
    ['#积分榜 y', 'points', '目标'],
    ['#潜水 0', 'silent', '正整数'],
    ['#潜水 -3', 'silent', '正整数'],
    ['#潜水 1.5', 'silent', '正整数'],
    ['#潜水 1234567', 'silent', '正整数'],
    ['#潜水 30 40', 'silent', '重复'],
    ['#潜水 全部 全部', 'silent', '重复'],
    ['#潜水 全部 30 x', 'silent', '多余'],
    ['#潜水 北京', 'silent', '目标'],
  ])('%j → %s error (%s)', (text, name, reason) => {
    const result = parse(text)
    expect(result).toEqual({ kind: 'error', name, message: expect.stringContaining(reason) })
    if (result.kind !== 'error') return
    expect(result.message).toContain(`用法: ${usageOf(name)}`)
    expect(result.message).not.toMatch(/[\r\n]/)
  })

  it('keeps an error quoting a long or multi-line input on one line', () => {
    const result = parse(`#广播 ${'很长的目标'.repeat(20)}\n内容`)
    expect(result.kind === 'error' && result.message).not.toMatch(/[\r\n]/)
    const quoted = parse('#帮助 a\u0085b')
    expect(quoted.kind === 'error' && quoted.message).not.toMatch(/[\r\n\u0085]/)
  })
})

describe('parseCommand: context', () => {
  it('skips the past check without now, and uses the zone it is given', () => {
    const onceAt = (at: number) => expect.objectContaining({ when: expect.objectContaining({ kind: 'once', at }) })
    expect(parseAll('#定时 2020-01-01T08:00 全部 x')).toEqual({ kind: 'ok', command: onceAt(Date.UTC(2020, 0, 1, 0)) })
    expect(parseAll('#定时 2026-12-01T20:00 全部 x', { timeZone: 'UTC', now })).toEqual({
      kind: 'ok',
      command: onceAt(Date.UTC(2026, 11, 1, 20)),
    })
  })
})

describe('helpText', () => {
  it('lists every command with its alias', () => {
    const text = helpText(hqCommandLookup)
    for (const c of commandTable) expect(text).toContain(`#${c.word} /${c.alias}`)
  })

  it('gives one command its usage and role', () => {
    expect(helpText(hqCommandLookup, 'broadcast')).toContain(commandUsages.broadcast)
    expect(helpText(hqCommandLookup, 'broadcast')).toContain('operator')
  })
})

describe('input size', () => {
  it('a 1 MB command is refused in Chinese with its length and the limit, without being tokenised', () => {
    const text = `#广播 全部 ${'刷'.repeat(1_000_000)}`
      let r: ReturnType<typeof parseAll> | undefined
      const ms = cpuMs(() => (r = parseAll(text)))
    expect(r).toEqual({ kind: 'error', message: expect.stringContaining('命令太长（1,000,007 字，上限 100,000 字）') })
    // a length check, not a parse: CPU time (a loaded machine stretches the wall clock, not
    // this), far below a tokenised megabyte
    expect(ms).toBeLessThan(1000)
  })

  it.each([
    [99_999, 'ok'],
    [100_000, 'ok'],
    [100_001, 'error'],
  ])('%d characters → %s (the limit is inclusive)', (length, kind) => {
    const head = '#广播 全部 '
    expect(parseAll(head + 'x'.repeat(length - head.length)).kind).toBe(kind)
  })

  it('the limit can be set by the caller; non-commands are never measured', () => {
    expect(parseAll('#帮助 广播', { maxLength: 5 }).kind).toBe('error')
    expect(parseAll('x'.repeat(2_000_000)).kind).toBe('not-command')
  })
})
