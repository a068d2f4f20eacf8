/**
 * Texts of the HQ command layer (docs/commands.md): each command's usage line and
 * description, the help text, and the one-line errors of the parser. Keys are the commands'
 * English aliases; each command's declaration (`defineCommand`, beside its handler) takes
 * its usage and description from here. A plugin in its own folder keeps its texts there
 * (src/plugins/announce/texts.ts).
 */

/** Turns user input into one short line, so an error that quotes it stays one line. */
function quote(input: string): string {
  const chars = Array.from(input.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')).filter((c) => {
    const code = c.codePointAt(0) ?? 0
    return code >= 0x20 && !(code >= 0x7f && code <= 0x9f)
  })
  return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : chars.join('')
}

/** One line each: the command as typed, then an example. */
export const commandUsages = {
  help: '#帮助 [命令]  例: #帮助 广播',
  broadcast: '#广播 <目标> <内容>  例: #广播 标签:北京 今晚8点分享',
  forward: '#转发 <目标>  例: #转发 群:北京1群',
  confirm: '#确认 [编号]  例: #确认 B12',
  cancel: '#取消 [编号]  例: #取消 B12',
  progress: '#进度 [编号]  例: #进度 B12',
  retry: '#重发 <编号>  例: #重发 B12',
  schedule: '#定时 <时间> <目标> <内容>  例: #定时 每天08:00 标签:北京 早上好',
  schedules: '#定时列表',
  unschedule: '#删除定时 <编号>  例: #删除定时 S3',
  groups: '#群列表 [目标]  例: #群列表 标签:北京',
  tag: '#标签 <群> +标签 -标签 …  例: #标签 北京1群 +北京 -待定',
  report: '#报告 [目标]  例: #报告 全部',
  reply: '#回复 <问题编号> <内容>  例: #回复 Q3 周六上午10点开始',
  ban: '#黑名单 <联系人id或@某人> [原因]  例: #黑名单 @张三 发广告',
  unban: '#解除黑名单 <联系人id>  例: #解除黑名单 wxid_abc123',
  bans: '#黑名单列表',
  remove: '#移出 <联系人id或@某人> [目标]  例: #移出 @张三 群:北京1群',
  warn: '#警告 <@某人> [原因]  例: #警告 @张三 请勿刷屏',
  rules: '#规则 重载 | #规则 查看 [群]  例: #规则 查看 北京1群',
  points: '#积分榜 [目标]  例: #积分榜 标签:北京',
  invites: '#邀请榜 [目标]  例: #邀请榜 标签:北京',
  silent: '#潜水 [目标] [天数]  例: #潜水 群:北京1群 30',
  ad: '#广告 <编号>，或引用一条消息回复 #广告  例: #广告 R12',
  notad: '#误判 <编号> [在群里说的话]，或引用一条消息回复 #误判  例: #误判 R12 抱歉，误删了',
  codes: '#入群码 生成 <数量> <目标>  例: #入群码 生成 20 标签:训练营',
  accounts: '#账号 | #账号 回切 <账号>  例: #账号 回切 a1',
  console: '#控制台',
} as const

/** One line each, shown in the help list. */
export const commandDescriptions = {
  help: '命令列表，或某个命令的用法',
  broadcast: '向目标群发送内容，内容里的 {群名} {负责人} 按群填写；内容只写 [素材:编号] 则发送素材库里的该项 (#素材)',
  forward: '把你在总部发的上一条消息转发到目标群',
  confirm: '确认一条等待确认的广播 (不写编号: 你最近的一条)',
  cancel: '停止一条广播，未发出的不再发 (不写编号: 你最近的一条)',
  progress: '广播进度: 已发 / 失败 / 等待 和剩余时间',
  retry: '向失败或不确定的群重发一条广播',
  schedule: '定时广播',
  schedules: '所有定时广播和下次时间',
  unschedule: '删除一条定时广播',
  groups: '管理的群: 名称、人数、标签、状态',
  tag: '修改一个群的标签',
  report: '群健康报告',
  reply: '回答群里转来的问题，答案发到原群并 @ 提问人',
  ban: '加入黑名单: 从所有管理的群移出，以后进群也移出',
  unban: '移出黑名单',
  bans: '黑名单列表',
  remove: '把成员移出目标群 (群负责人在本群: 移出本群)',
  warn: '群负责人在本群警告成员，记一次违规',
  rules: '重新加载配置，或查看一个群生效的规则',
  points: '积分榜',
  invites: '邀请榜: 谁邀请进群、且留满 inviteHoldDays 天的人最多',
  silent: '潜水成员: 多少天没发言 (默认 14 天)',
  ad: '确认是广告: 待审核的按规则处理；记入广告样本，相似内容立即按广告处理',
  notad: '不是广告: 放行待审核的，或撤销移出 (违规次数减一、解除黑名单)；记入正常样本',
  codes: '生成一次性入群码: 新人私聊发码即可按目标进群，每个码只能用一次',
  accounts: '机器人账号: 在线、服务的群、今日发送/上限、熔断、最近错误；回切: 故障转移走的群回到该账号',
  console: '网页控制台: 机器人私聊发你一个一次性登录链接',
} as const

/** Names of the arguments, as the errors mention them. */
export const argNames = {
  target: '目标',
  text: '内容',
  id: '编号',
  when: '时间',
  group: '群',
  questionId: '问题编号',
  contact: '联系人',
  tagEdits: '要加减的标签',
  rulesAction: '重载 或 查看',
  caseOrQuote: '编号 (如 R12)，或引用一条消息',
  codesAction: '生成',
  count: '数量',
  account: '账号',
} as const

export const targetHelp = '目标写法: 全部 | 标签:北京,上海 | 群:北京1群,上海2群'

export interface HelpRow {
  /** e.g. `#广播` */
  word: string
  /** e.g. `/broadcast` */
  alias: string
  description: string
}

export function helpListText(rows: readonly HelpRow[]): string {
  return [
    'QunHQ 命令 (也可用英文，如 /help):',
    ...rows.map((r) => `${r.word} ${r.alias} — ${r.description}`),
    targetHelp,
    '发送 #帮助 <命令> 查看用法，例: #帮助 广播',
  ].join('\n')
}

export function helpTopicText(topic: { usage: string; description: string; alias: string; minRole: string }): string {
  return [`用法: ${topic.usage}`, topic.description, `英文: ${topic.alias}  权限: ${topic.minRole}`].join('\n')
}

/** The refusal for a sender without the role (spec: "无权限: #广播 需要 operator"). */
export function noPermissionText(word: string, minRole: string): string {
  return `无权限: ${word} 需要 ${minRole}`
}

/** Errors of the command parser. Each is one line. */
export const commandErrors = {
  unknown: (word: string) => `未知命令 ${quote(word)}，发送 #帮助 查看命令列表`,
  needSpace: (word: string, commandWord: string) => `未知命令 ${quote(word)}，${commandWord} 后面要空一格`,
  withUsage: (reason: string, usage: string) => `${reason}。用法: ${usage}`,
  missing: (what: string) => `缺少${what}`,
  extra: (token: string) => `多余的内容 ${quote(token)}`,
  duplicate: (token: string) => `重复的参数 ${quote(token)}`,
  badTarget: (token: string) => `目标 ${quote(token)} 不对，${targetHelp}`,
  emptyTargetList: (token: string) => `目标 ${quote(token)} 后面没有写名称`,
  badId: (token: string, letter: string) => `编号 ${quote(token)} 不对，应为 ${letter}1 这样的编号`,
  badMention: '@ 后面要写名字',
  needContactId: (token: string) => `${quote(token)} 不是联系人id，这里要写联系人id`,
  badTagEdit: (token: string) => `${quote(token)} 要以 + 或 - 开头`,
  emptyTag: (token: string) => `${quote(token)} 后面没有写标签`,
  tagAddedAndRemoved: (tag: string) => `标签 ${quote(tag)} 不能同时加和减`,
  badRulesAction: (token: string) => `${quote(token)} 不对，写 重载 或 查看`,
  badDays: (token: string) => `天数 ${quote(token)} 要是正整数`,
  badCodesAction: (token: string) => `不认识 ${quote(token)}，要写 生成`,
  badCodeCount: (token: string, max: number) => `数量 ${quote(token)} 要是 1 到 ${max} 的整数`,
  unknownTopic: (token: string) => `没有命令 ${quote(token)}`,
  tooLong: (length: number, max: number) =>
    `命令太长（${length.toLocaleString('en-US')} 字，上限 ${max.toLocaleString('en-US')} 字），没有执行。广播内容请控制在微信单条消息的长度以内`,
} as const

/** Chinese names of the cron fields, for errors. */
export const cronFieldNames = {
  second: '秒',
  minute: '分',
  hour: '时',
  dayOfMonth: '日',
  month: '月',
  dayOfWeek: '星期',
} as const

/** Chinese weekday names, Sunday first (index = cron day of week). */
export const weekdayNames = ['日', '一', '二', '三', '四', '五', '六'] as const

/** How a parsed "when" is described back to the operator. */
export const whenTexts = {
  daily: (clock: string) => `每天 ${clock}`,
  workdays: (clock: string) => `工作日 ${clock}`,
  weekly: (weekday: string, clock: string) => `每周${weekday} ${clock}`,
  once: (local: string) => `${local} (一次)`,
  cron: (pattern: string) => `cron ${pattern}`,
} as const

const whenForms = '可写 每天08:00、工作日08:00、每周一20:00、2026-12-01T20:00 或 "0 8 * * *"'

export const whenErrors = {
  empty: `缺少时间，${whenForms}`,
  unknown: (text: string) => `看不懂时间 ${quote(text)}，${whenForms}`,
  badClock: (text: string) => `时间 ${quote(text)} 不对，应在 00:00 到 23:59 之间`,
  badDate: (text: string) => `日期 ${quote(text)} 不存在`,
  past: (local: string) => `时间 ${quote(local)} 已经过了`,
  skipped: (local: string, timeZone: string) => `${quote(local)} 在时区 ${quote(timeZone)} 不存在 (夏令时跳过)`,
  badTimeZone: (timeZone: string) => `时区 ${quote(timeZone)} 不对`,
  cronFieldCount: (count: number) => `cron 表达式要有 5 或 6 段，这里有 ${count} 段`,
  cronField: (field: string, value: string) => `cron 的 ${field} 段 ${quote(value)} 不对`,
} as const
