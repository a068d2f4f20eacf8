/** Texts HQ reads: acknowledgements, broadcast progress and reports, group lists, relayed questions. */
import { formatDuration } from './bot'
import { nameList } from './limits'
import { cleanShown as shown } from './shown-text'

/** a broadcast's counts as the progress texts read them (the broadcast store's `BroadcastCounts`) */
interface Counts {
  total: number
  sent: number
  failed: number
  uncertain: number
  skipped: number
  done: number
}

const actionNames: Record<string, string> = { remind: '提醒', warn: '警告', remove: '移出', report: '报告总部' }

const listNames = (names: string[], max = 20) =>
  names.length <= max ? names.map(shown).join('、') : `${names.slice(0, max).map(shown).join('、')} 等 ${names.length} 个`

export const hqMessages = {
  broadcastStarted: (id: string, groups: number, estimateMs: number, unknown: string[]) =>
    `📣 ${id} 已开始：发往 ${groups} 个群，预计 ${formatDuration(estimateMs)} 发完。` +
    (unknown.length ? `\n（未找到: ${nameList(unknown)}）` : '') +
    `\n#进度 ${id} 查看进度，#取消 ${id} 停止。`,
  broadcastAwaiting: (id: string, groups: number, firstNames: string[], estimateMs: number, unknown: string[]) =>
    `⏸ ${id} 将发往 ${groups} 个群（${listNames(firstNames, 5)}${groups > firstNames.length ? ' …' : ''}），预计用时 ${formatDuration(estimateMs)}。` +
    (unknown.length ? `\n（未找到: ${nameList(unknown)}）` : '') +
    `\n群数超过确认阈值，回复 #确认 ${id} 开始发送，#取消 ${id} 放弃。`,
  noGroups: (unknown: string[]) => `没有匹配的群${unknown.length ? `（未找到: ${nameList(unknown)}）` : ''}，什么也没发。发送 #群列表 查看可用的群和标签。`,
  broadcastProgressLine: (id: string, c: Counts, remainingMs: number) =>
    `📣 ${id} 进度：已发 ${c.sent}/${c.total}，失败 ${c.failed}，不确定 ${c.uncertain}，剩余约 ${formatDuration(remainingMs)}`,
  broadcastProgress: (r: { id: string; status: string; rooms: { topic: string }[] }, c: Counts, remainingMs: number) => {
    const status = { awaiting: '等待确认', running: '发送中', done: '已完成', cancelled: '已取消', expired: '已过期' }[r.status] ?? r.status
    const waiting = c.total - c.done
    return `📣 ${r.id}（${status}）：已发 ${c.sent}/${c.total}，失败 ${c.failed}，不确定 ${c.uncertain}，等待 ${waiting}` +
      (r.status === 'running' ? `，剩余约 ${formatDuration(remainingMs)}` : '')
  },
  noActiveBroadcasts: '目前没有进行中的广播。',
  broadcastReport: (p: {
    id: string
    cancelled: boolean
    counts: Counts
    failed: { name: string; error: string }[]
    uncertain: string[]
    tookMs: number
    /** several accounts: groups sent by each */
    byAccount?: Record<string, number>
  }) => {
    const c = p.counts
    const head = p.cancelled
      ? `🛑 ${p.id} 已取消：送达 ${c.sent}/${c.total} 个群，未发送 ${c.skipped}，失败 ${c.failed}，不确定 ${c.uncertain}，用时 ${formatDuration(p.tookMs)}`
      : `✅ ${p.id} 完成：送达 ${c.sent}/${c.total} 个群，失败 ${c.failed}，不确定 ${c.uncertain}，用时 ${formatDuration(p.tookMs)}`
    const lines = [head]
    if (p.byAccount) lines.push(`各账号送达: ${Object.entries(p.byAccount).sort(([a], [b]) => a.localeCompare(b)).map(([a, n]) => `${a} ${n}`).join('，')}`)
    if (p.failed.length) lines.push(`失败: ${listNames(p.failed.map((f) => (f.error ? `${shown(f.name)}(${shown(f.error.slice(0, 40))})` : f.name)))}`)
    if (p.uncertain.length) lines.push(`不确定（可能已发出，不会自动重发）: ${listNames(p.uncertain)}`)
    if (p.failed.length || p.uncertain.length) lines.push(`需要补发请回复 #重发 ${p.id}`)
    return lines.join('\n')
  },
  confirmUnknown: (id: string) => `没有找到广播 ${id}。`,
  nothingToConfirm: '你没有等待确认的广播。',
  notAwaiting: (id: string, status: string) => `${id} 不在等待确认（当前: ${status}）。`,
  confirmExpired: (id: string) => `${id} 已过期，没有发送。请重新发起广播。`,
  nothingToCancel: '你没有可以取消的广播。',
  alreadyFinished: (id: string) => `${id} 已经结束，无法取消。`,
  cancelledAwaiting: (id: string) => `🛑 ${id} 已取消，没有发送。`,
  cancelAck: (id: string, sent: number, total: number) => `🛑 ${id} 正在取消：已送达 ${sent}/${total}，其余不再发送，结束后汇报。`,
  retryNothing: (id: string) => `${id} 没有失败或不确定的群，无需重发。`,
  retryStarted: (from: string, id: string, groups: number) => `🔁 ${from} 重发为 ${id}：发往 ${groups} 个失败或不确定的群。`,
  forwardNothing: '没有可转发的消息：请先在总部群发出要转发的图片、文件、链接、小程序或文字，再发送 #转发 目标。',
  groupsList: (rows: { label: string; members: number; tags: string[]; health: string }[]) =>
    rows.length
      ? `管理中的群（${rows.length}）：\n` + rows.map((r, i) => `${i + 1}. ${shown(r.label)} · ${r.members}人 · ${r.tags.length ? r.tags.map(shown).join(',') : '无标签'} · ${r.health}`).join('\n')
      : '还没有管理中的群。',
  groupHealth: (g: { botIsOwner: boolean; botIsAdmin: boolean }) => (g.botIsOwner ? '群主' : g.botIsAdmin ? '管理员' : '⚠️非群主/管理员(不能移人)'),
  tagUnknownGroup: (name: string) => `没有找到群「${shown(name)}」。用群的简称(key)或完整群名。`,
  tagChanged: (label: string, tags: string[]) => `🏷 ${shown(label)} 的标签: ${tags.length ? tags.map(shown).join('、') : '（无）'}`,
  rulesSummary: (
    group: string | undefined,
    p: {
      dryRun: boolean
      welcome: { enabled: boolean }
      nickname: { enabled: boolean; example: string; action: string }
      intro: { enabled: boolean; deadlineMs: number; action: string }
      ads: { enabled: boolean; warnings: number; blacklist: boolean; keywords: string[]; crossGroup: { groups: number; windowMs: number } }
      flood: { messages: number; windowMs: number }
      repeat: { enabled: boolean; maxRepeats: number; windowMinutes: number }
      mentions: { enabled: boolean; max: number }
      bare: { enabled: boolean; newcomerMessages: number }
      voice: { maxSeconds: number; action: string; warnings: number }
      digestMs: number
      watchWords: string[]
    },
  ) =>
    [
      `📜 ${group ? `「${shown(group)}」` : '默认'}生效的规则${p.dryRun ? '（演练模式：只报告，不执行）' : ''}：`,
      `欢迎: ${p.welcome.enabled ? '开' : '关'}`,
      `群昵称: ${p.nickname.enabled ? `开，格式如「${p.nickname.example}」，处理: ${actionNames[p.nickname.action] ?? p.nickname.action}` : '关'}`,
      `自我介绍: ${p.intro.enabled ? `开，${formatDuration(p.intro.deadlineMs)}内，逾期: ${actionNames[p.intro.action] ?? p.intro.action}` : '关'}`,
      `广告: ${p.ads.enabled ? `开，警告 ${p.ads.warnings} 次后移出${p.ads.blacklist ? '并拉黑' : ''}，关键词 ${p.ads.keywords.length} 个` : '关'}`,
      `多群重复: ${formatDuration(p.ads.crossGroup.windowMs)}内在 ${p.ads.crossGroup.groups} 个群发相同内容`,
      `刷屏: ${formatDuration(p.flood.windowMs)}内超过 ${p.flood.messages} 条`,
      `重复发送: ${p.repeat.enabled ? `开，${p.repeat.windowMinutes}分钟内同一内容 ${p.repeat.maxRepeats} 次` : '关'}`,
      `滥用@: ${p.mentions.enabled ? `开，一条消息@超过 ${p.mentions.max} 人，或非群主/管理员@所有人` : '关'}`,
      `只发联系方式/只@: ${p.bare.enabled ? `开，群内前 ${p.bare.newcomerMessages} 条消息` : '关'}`,
      `长语音: ${p.voice.maxSeconds > 0 ? `超过 ${p.voice.maxSeconds} 秒，处理: ${actionNames[p.voice.action] ?? p.voice.action}` : '关'}`,
      `违规次数: 广告、多群重复、刷屏、重复发送、滥用@、只发联系方式共用一个计数，警告 ${p.ads.warnings} 次后移出${p.ads.blacklist ? '（广告和多群重复并拉黑）' : ''}，#误判 R编号 撤回一次`,
      `总部汇总: ${p.digestMs > 0 ? `警告、豁免成员的违规${p.dryRun ? '、演练' : ''}每 ${formatDuration(p.digestMs)} 汇总一条` : '逐条发送'}，移出即时报告`,
      `关注词: ${p.watchWords.length ? p.watchWords.join('、') : '无'}`,
    ].join('\n'),
  notYetAvailable: (word: string) => `${word} 暂未启用。`,
  /** an HQ or leader command failed for a reason the operator cannot fix (the log has it) */
  internalError: '内部错误，已记录',
  reloadNoFile: '当前没有配置文件可重载（模拟环境）。',
  reloadOk: '✅ 配置已重新加载。',
  reloadRefused: (problems: string[]) => `❌ 配置有误，未生效（仍使用原配置）:\n${problems.slice(0, 10).join('\n')}`,
  questionsRelay: (items: { id: string; group: string; name: string; text: string; auto?: { ref: string; score?: number } }[]) => {
    const open = items.filter((q) => !q.auto)
    const auto = items.filter((q) => q.auto)
    const line = (q: (typeof items)[number]) => {
      const text = shown(q.text.slice(0, 1000))
      const said = `[${shown(q.group)}] ${shown(q.name)}: ${text.length > 120 ? `${text.slice(0, 120)}…` : text}`
      if (!q.auto) return `${q.id} ${said}`
      const how = q.auto.score === undefined ? `关键词 ${shown(q.auto.ref)}` : `${q.auto.ref}, 相似 ${q.auto.score.toFixed(2)}`
      return `${q.id} 已自动回复 (${how}) ${said}`
    }
    return (
      `❓ 群里的提问（${items.length}）：\n` +
      [...open, ...auto].map(line).join('\n') +
      (open.length ? `\n回复: #回复 ${open[0]?.id ?? 'Q1'} 内容` : '') +
      (auto.length ? `\n自动回复有误: #误答 ${auto[0]?.id ?? 'Q1'}` : '')
    )
  },
  questionUnknown: (id: string) => `没有找到问题 ${id}。`,
  replyQueued: (id: string, group: string) => `已回复 ${id} 到「${shown(group)}」。`,
  replyInGroup: (text: string) => text,
  /** {负责人} of a group without configured leaders */
  noLeader: '群主',
}
