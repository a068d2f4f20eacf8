/**
 * Texts of the group rules (core/rules): what members read in their group (warnings,
 * reminders, removal notices) and what HQ reads (removals with evidence, dry-run
 * reports, watch-word alerts, nickname audits).
 *
 * Member notices do not start with `@name`: they are sent with the member in
 * `mentionIds`, and WeChat's Room.say puts `@name` in front. A removal notice names the
 * member instead, who is no longer there to be mentioned.
 */

// What these texts read, as plain shapes (messages is a leaf, test/unit/layers.test.ts).
// Core's `AdFinding` and `Verdict` fit them; the kinds are defined here and core re-exports
// them, so a kind and its text are added together.
export type AdKind = 'link' | 'miniProgram' | 'card' | 'qrImage' | 'keyword' | 'contact'
export interface AdFindingView {
  kind: AdKind
  evidence: string
}
export interface VerdictView {
  /** core's `VerdictKind` is this union (see src/core/rules/verdict.ts for what each does) */
  kind: 'warn' | 'remove' | 'remind' | 'report' | 'alert-hq' | 'blacklist' | 'review'
  memberId: string
  memberName: string
  reason: string
  evidence?: string
  strikes?: number
  text?: string
  assessment?: { score: number; reasons: readonly string[] }
  caseId?: string
}
import { formatDuration } from './bot'
import { cleanShown as c, shownWho } from './shown-text'

export const adKindNames: Record<AdKind, string> = {
  link: '链接',
  miniProgram: '小程序',
  card: '名片',
  qrImage: '二维码',
  keyword: '关键词',
  contact: '联系方式',
}

/**
 * What was found, for the member: the kinds, and the keywords themselves. Links, numbers
 * and QR payloads are left out on purpose: repeating them in the group would finish the
 * spammer's job.
 */
function foundForMember(findings: readonly AdFindingView[]): string {
  const parts: string[] = []
  for (const kind of Object.keys(adKindNames) as AdKind[]) {
    const ofKind = findings.filter((f) => f.kind === kind)
    if (ofKind.length === 0) continue
    parts.push(kind === 'keyword' ? `${adKindNames.keyword}${ofKind.map((f) => `「${c(f.evidence)}」`).join('')}` : adKindNames[kind])
  }
  return parts.join('、')
}

/** 0: the next offence removes; n: n more warnings come first. */
function untilRemoval(warningsLeft: number): string {
  return warningsLeft === 0 ? '再发将被移出群聊' : `再违规 ${warningsLeft + 1} 次将被移出群聊`
}

/** One line, at most `max` characters, for quoting a member's text in HQ. */
function excerpt(text: string, max = 60): string {
  // a long message's head is all an excerpt shows; reading only it keeps a 1 MB text cheap
  const chars = Array.from(c(text.trimStart().slice(0, max * 8)).replace(/\s+/g, ' '))
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

const who = (v: Pick<VerdictView, 'memberName' | 'memberId'>) => `${c(v.memberName) || '（无名）'}(${c(v.memberId)})`

/** A review item: one line an operator answers with `#广告 R12` or `#误判 R12` (the id comes first, to be quoted). */
function reviewLine(groupLabel: string, v: VerdictView): string {
  const score = v.assessment ? `（分数 ${v.assessment.score.toFixed(2)}）` : ''
  const reasons = v.assessment?.reasons.length ? `\n理由：${v.assessment.reasons.join('；')}` : ''
  const id = v.caseId ?? ''
  return `🔎 [${id}] 疑似广告${score}「${c(groupLabel)}」 ${who(v)}：${excerpt(v.text ?? v.evidence ?? '')}${reasons}\n回复 #广告 ${id} 按广告处理，#误判 ${id} 放行`
}

export const rulesMessages = {
  excerpt,

  // ---- said in the group, to the member (with an @-mention) ----
  adWarning: (findings: readonly AdFindingView[], warningsLeft: number) =>
    findings.length ? `请勿发广告（发现${foundForMember(findings)}），${untilRemoval(warningsLeft)}。` : `请勿发广告，${untilRemoval(warningsLeft)}。`,
  floodWarning: (warningsLeft: number) => `请勿刷屏，${untilRemoval(warningsLeft)}。`,
  crossGroupWarning: (warningsLeft: number) => `请勿在多个群重复发送相同内容，${untilRemoval(warningsLeft)}。`,
  repeatWarning: (warningsLeft: number) => `请勿在群里反复发送相同内容，${untilRemoval(warningsLeft)}。`,
  mentionsWarning: (all: boolean, warningsLeft: number) => `${all ? '请勿@所有人，群通知由群主和管理员发' : '请勿一次@很多人'}，${untilRemoval(warningsLeft)}。`,
  bareWarning: (contact: boolean, warningsLeft: number) =>
    `${contact ? '请勿只发联系方式，先做个自我介绍吧' : '请勿只@他人而不说明来意'}，${untilRemoval(warningsLeft)}。`,
  /** never said in practice (a newcomer's strict kind removes at once); there for the shape of a spam check */
  newcomerWarning: (warningsLeft: number) => `新成员请先做自我介绍，勿发链接、名片、二维码或联系方式，${untilRemoval(warningsLeft)}。`,
  /** `warningsLeft` undefined: the rule never removes (`voice.action: warn`) */
  voiceWarning: (maxSeconds: number, warningsLeft: number | undefined) =>
    `请勿发送超过 ${maxSeconds} 秒的语音，长内容请改发文字` + (warningsLeft === undefined ? '' : `，${untilRemoval(warningsLeft)}`) + '。',
  nicknameReminder: (example: string, removalFollows: boolean) =>
    `请把群昵称改为「${c(example)}」这样的格式，方便大家认识你` +
    (removalFollows ? '，多次提醒仍未修改将被移出群聊' : '') +
    '。修改方法：群聊右上角「…」→「我在本群的昵称」。',
  /** `warningsLeft` undefined: the rule never removes (`nickname.action: warn`) */
  nicknameWarning: (example: string, warningsLeft: number | undefined) =>
    `群昵称还没有改好，请改为「${c(example)}」这样的格式` +
    (warningsLeft === undefined ? '' : warningsLeft === 0 ? '，再不修改将被移出群聊' : `，再提醒 ${warningsLeft} 次仍未修改将被移出群聊`) +
    '。',
  introReminder: (leftMs: number, removalFollows: boolean) =>
    `欢迎入群！还没看到你的自我介绍，请在 ${formatDuration(leftMs)} 内发一段：城市、姓名、行业，以及你能为大家提供什么` +
    (removalFollows ? '，逾期将被移出群聊' : '') +
    '。',
  introOverdue: '还没看到你的自我介绍，补一段吧：城市、姓名、行业，以及你能为大家提供什么。',

  // ---- said in the group after a removal (no mention) ----
  removedNotice: (memberName: string, why: string) => `${c(memberName)} 因${why}，已被移出群聊。`,
  removedFor: {
    ad: '发广告',
    flood: '刷屏',
    crossGroup: '在多个群重复发送相同内容',
    repeat: '反复发送相同内容',
    mentions: '滥用@',
    bare: '只发联系方式或只@他人',
    newcomer: '新成员入群即发广告',
    voice: '多次发送过长语音',
    nickname: '群昵称多次提醒仍未修改',
    intro: (deadlineMs: number) => `入群 ${formatDuration(deadlineMs)} 未做自我介绍`,
  },

  // ---- reasons: short, for HQ, logs and removal notices ----
  reasons: {
    ad: (findings: readonly AdFindingView[]) => `发广告（${[...new Set(findings.map((f) => adKindNames[f.kind]))].join('、')}）`,
    flood: (messages: number, windowMs: number) => `刷屏（${formatDuration(windowMs)}内超过 ${messages} 条）`,
    crossGroup: (groups: number, windowMs: number) => `${formatDuration(windowMs)}内在 ${groups} 个群发送相同内容`,
    voice: (maxSeconds: number) => `语音超过 ${maxSeconds} 秒`,
    repeat: (maxRepeats: number, windowMs: number) => `${formatDuration(windowMs)}内 ${maxRepeats} 次发送相同内容`,
    mentions: (all: boolean, max: number) => (all ? '@所有人' : `一条消息@超过 ${max} 人`),
    bare: (contact: boolean) => (contact ? '新成员只发联系方式' : '新成员只@他人'),
    newcomer: (findings: readonly AdFindingView[]) => `新成员发${[...new Set(findings.map((f) => adKindNames[f.kind]))].join('、')}`,
    nickname: '群昵称不符合格式',
    nicknameRemoved: '群昵称多次提醒仍未修改',
    introPending: '还没有自我介绍',
    introOverdue: (deadlineMs: number) => `入群 ${formatDuration(deadlineMs)} 未做自我介绍`,
    watchWord: (words: string[]) => `提到关注词${words.map((w) => `「${w}」`).join('')}`,
    /** an ad with no rule finding: the detector's reasons (model score, similarity to a confirmed ad) */
    adAssessed: (reasons: string[]) => (reasons.length ? `发广告（${reasons.join('；')}）` : '发广告'),
    review: '疑似广告，待总部确认',
    similarToAd: (source: string) => `与已确认广告相似 ${source}`,
    similarToReleased: (source: string) => `与已放行内容相似 ${source}`,
  },

  // ---- evidence: what HQ reads under a reason ----
  evidence: {
    findings: (findings: readonly AdFindingView[]) => findings.map((f) => `${adKindNames[f.kind]} ${c(f.evidence)}`).join('；'),
    flood: (count: number, windowMs: number) => `${formatDuration(windowMs)}内 ${count} 条`,
    crossGroup: (rooms: number, text: string) => `${rooms} 个群：${excerpt(text)}`,
    voice: (seconds: number) => `语音 ${Math.round(seconds)} 秒`,
    repeat: (count: number, text: string) => `第 ${count} 次：${excerpt(text)}`,
    mentions: (all: boolean, count: number, text: string) => `${all ? '@所有人' : `@了 ${count} 人`}：${excerpt(text)}`,
    bare: (seen: number, text: string) => `群内第 ${seen} 条消息：${excerpt(text)}`,
    /** `joinedMs`: how long ago the bot saw the join; else `seen`: the member's messages seen in the group, this one included */
    newcomer: (since: { joinedMs: number } | { seen: number }, findings: readonly AdFindingView[]) =>
      `${'joinedMs' in since ? `入群 ${formatDuration(Math.max(60_000, since.joinedMs))}` : `未见入群，群内第 ${since.seen} 条消息`}：${findings.map((f) => `${adKindNames[f.kind]} ${c(f.evidence)}`).join('；')}`,
    nickname: (shown: string) => `当前昵称：${c(shown) || '（空）'}`,
    assessed: (excerpt: string, score: number) => `分数 ${score.toFixed(2)}${c(excerpt) ? `：${c(excerpt)}` : ''}`,
  },

  // ---- HQ ----
  /**
   * One HQ message for the verdicts of one event in one group, or undefined when there is
   * nothing HQ needs to read. Live, HQ reads removals (with the blacklist and evidence),
   * reports and watch-word alerts; warnings and reminders are left out as noise. In
   * dry-run every verdict that would act in the group is reported, prefixed [演练], and
   * reports and alerts (which act in HQ only) read as they do live.
   */
  hqVerdicts: (label: string, verdicts: readonly VerdictView[], dryRun: boolean): string | undefined => {
    const groupLabel = c(label)
    const lines: string[] = []
    const blacklisted = new Set(verdicts.filter((v) => v.kind === 'blacklist').map((v) => v.memberId))
    const removed = new Set(verdicts.filter((v) => v.kind === 'remove').map((v) => v.memberId))
    const pre = dryRun ? '[演练] ' : ''
    const evidence = (v: VerdictView) => (v.evidence ? `\n证据：${v.evidence}` : '')
    for (const v of verdicts) {
      switch (v.kind) {
        case 'remove': {
          const ban = blacklisted.has(v.memberId) ? '，并加入黑名单（所有管理的群）' : ''
          lines.push(`${pre}🚫 ${dryRun ? '将把' : '已将'} ${who(v)} 移出「${groupLabel}」：${v.reason}${ban}${evidence(v)}`)
          break
        }
        case 'blacklist':
          if (!removed.has(v.memberId)) lines.push(`${pre}⛔ ${dryRun ? '将把' : '已将'} ${who(v)} 加入黑名单：${v.reason}${evidence(v)}`)
          break
        case 'warn':
          if (dryRun) lines.push(`${pre}⚠️ 将在「${groupLabel}」警告 ${who(v)}${v.strikes ? `（第 ${v.strikes} 次）` : ''}：${v.reason}${evidence(v)}`)
          break
        case 'remind':
          if (dryRun) lines.push(`${pre}💬 将在「${groupLabel}」提醒 ${who(v)}：${v.reason}${evidence(v)}`)
          break
        case 'report':
          lines.push(`📋 「${groupLabel}」 ${who(v)}：${v.reason}${evidence(v)}`)
          break
        case 'alert-hq':
          lines.push(`👀 「${groupLabel}」 ${who(v)} ${v.reason}${v.evidence ? `：${v.evidence}` : ''}`)
          break
        case 'review':
          lines.push(reviewLine(groupLabel, v))
          break
      }
    }
    return lines.length ? lines.join('\n') : undefined
  },

  /** The members whose nickname does not fit, for `#规则 查看` and the health report. */
  nicknameAudit: (
    groupLabel: string,
    example: string,
    rows: Array<{ id: string; shown: string }>,
    max = 50,
  ): string => {
    if (rows.length === 0) return `✅ 「${c(groupLabel)}」所有成员的群昵称都符合格式（${example}）。`
    const listed = rows.slice(0, max).map((r, i) => `${i + 1}. ${c(r.shown) || '（空）'}(${c(r.id)})`)
    if (rows.length > max) listed.push(`…还有 ${rows.length - max} 人`)
    return `📝 「${c(groupLabel)}」群昵称不符合格式的成员 ${rows.length} 人（格式示例：${example}）：\n${listed.join('\n')}`
  },
} as const

/** Why a removal is reported: a rule, the blacklist (now or on a later join), a leader, HQ. */
export type RemovalCause = 'rule' | 'blacklist' | 'rejoin' | 'leader' | 'hq'

export interface RemovalReport {
  cause: RemovalCause
  groupLabel: string
  memberId: string
  memberName: string
  reason: string
  evidence?: string
  /** the member is (also) on the blacklist */
  blacklisted?: boolean
  /** who decided (leader or operator), as shown */
  byName?: string
  /** who invited a blacklisted member back in, as shown */
  inviterName?: string
  /** the case id HQ answers with `#误判 R12` */
  caseId?: string
}

const whoOf = (r: Pick<RemovalReport, 'memberName' | 'memberId'>) => `${c(r.memberName) || '（无名）'}(${c(r.memberId)})`
const evidenceLine = (evidence: string | undefined) => (evidence ? `\n证据：${c(evidence)}` : '')
const reasonPart = (reason: string) => (reason ? `：${reason}` : '')
/** The last line of a removal report: its id, and how to undo it. */
const caseLine = (caseId: string | undefined) => (caseId ? `\n[${caseId}] 误判请回复 #误判 ${caseId}` : '')

/** WeChat's refusal for a bot that is neither owner nor admin, in any of its wordings. */
const noRights = (error: string) => /群主|管理员|owner|admin|permission|权限/i.test(error)

function removedText(r: RemovalReport): string {
  const who = whoOf(r)
  switch (r.cause) {
    case 'rule':
      return `🚫 已将 ${who} 移出「${c(r.groupLabel)}」${reasonPart(r.reason)}${r.blacklisted ? '，并加入黑名单（所有管理的群）' : ''}${evidenceLine(r.evidence)}`
    case 'blacklist':
      return `🚫 已将黑名单成员 ${who} 移出「${c(r.groupLabel)}」${reasonPart(r.reason)}${evidenceLine(r.evidence)}`
    case 'rejoin':
      return `🚫 黑名单成员 ${who} 由 ${c(r.inviterName ?? '未知')} 邀请进入「${c(r.groupLabel)}」，已移出${reasonPart(r.reason)}${evidenceLine(r.evidence)}`
    case 'leader':
      return `🚫 群负责人 ${c(r.byName ?? '')} 已将 ${who} 移出「${c(r.groupLabel)}」${reasonPart(r.reason)}`
    case 'hq':
      return `🚫 已按 ${c(r.byName ?? '总部')} 的指令将 ${who} 移出「${c(r.groupLabel)}」${reasonPart(r.reason)}`
  }
}

function removalFailedText(r: RemovalReport, error: string): string {
  const why = noRights(error)
    ? '机器人不是这个群的群主或管理员（群主或管理员才能移出成员）。请群主手动移出，或把机器人设为管理员'
    : `WeChat 拒绝了（${error}）`
  const context =
    r.cause === 'rejoin' ? `\n黑名单成员，由 ${c(r.inviterName ?? '未知')} 邀请入群` : r.cause === 'leader' ? `\n由群负责人 ${c(r.byName ?? '')} 发起` : ''
  const ban = r.blacklisted ? '\n（已在黑名单中：机器人有权限的群会移出，再次入群也会移出）' : ''
  return `⚠️ 未能把 ${whoOf(r)} 移出「${c(r.groupLabel)}」：${why}。${context}\n原因：${r.reason || '（未说明）'}${evidenceLine(r.evidence)}${ban}`
}

/**
 * Texts of carrying the rules out: removal reports (sent once WeChat has answered, so
 * HQ never reads "removed" for a removal that failed), the blacklist commands, leaders'
 * #警告 and #移出, the batched welcome in dry-run.
 */
export const ruleActionMessages = {
  // ---- HQ: removals, after the fact ----
  removed: (r: RemovalReport): string => removedText(r) + caseLine(r.caseId),
  removalFailed: (r: RemovalReport, error: string): string => removalFailedText(r, error) + caseLine(r.caseId),
  removalUncertain: (r: RemovalReport): string =>
    `❓ 把 ${whoOf(r)} 移出「${c(r.groupLabel)}」的结果不确定（可能已移出），不会自动重试，请到群里确认。${caseLine(r.caseId)}`,

  // ---- HQ: dry-run lines of what the rules would have done ----
  dryWelcome: (groupLabel: string, names: string[]) => `[演练] 👋 将在「${c(groupLabel)}」欢迎 ${names.map(c).join('、')}`,
  dryRejoin: (r: RemovalReport) =>
    `[演练] 🚫 黑名单成员 ${whoOf(r)} 由 ${c(r.inviterName ?? '未知')} 邀请进入「${c(r.groupLabel)}」，将被移出${reasonPart(r.reason)}`,
  dryBlacklistRemoval: (r: RemovalReport) => `[演练] 🚫 将把黑名单成员 ${whoOf(r)} 移出「${c(r.groupLabel)}」${reasonPart(r.reason)}`,

  // ---- said in the group ----
  /** to the inviter (with an @-mention), after a blacklisted member they invited was removed */
  rejoinInviterNotice: (memberName: string) => `${c(memberName)} 在黑名单中，已被移出群聊，请不要再邀请。`,
  leaderWarning: (reason: string | undefined) =>
    `⚠️ 群负责人警告${reason ? `：${reason}` : ''}。请遵守群规，多次违规将被移出群聊。`,
  removedByLeaderNotice: (memberName: string) => `${c(memberName)} 已被群负责人移出群聊。`,

  // ---- command replies ----
  warnInGroupOnly: '#警告 由群负责人在自己的群里使用：#警告 @某人 [原因]。',
  leaderOwnGroupOnly: '群负责人只能移出本群的成员：#移出 @某人。',
  memberNotFound: (name: string) => `没有在本群找到「${c(name)}」，请用 @ 选中要处理的成员。`,
  contactUnknown: (name: string) => `没有找到「${c(name)}」。请用 @ 选中成员，或写联系人id（如 wxid_abc）。`,
  exemptRefused: (name: string) => `不能对 ${c(name)} 执行：群主、管理员、群负责人和总部成员不受群规约束。`,
  banRefused: (name: string) => `不能把 ${c(name)} 加入黑名单：总部成员和机器人自己不能拉黑。`,
  banned: (name: string, id: string, reason: string | undefined) =>
    `⛔ 已将 ${shownWho(name, id)} 加入黑名单${reason ? `：${reason}` : ''}。所在的管理群会移出，之后再入群也会移出，结果逐群汇报。`,
  alreadyBanned: (name: string, id: string, when: string, reason: string) => `${shownWho(name, id)} 已在黑名单中（${when}，${reason || '未说明原因'}）。`,
  unbanned: (name: string, id: string) => `✅ 已将 ${shownWho(name, id)} 移出黑名单，之后可以再入群。`,
  notBanned: (id: string) => `${id} 不在黑名单中。`,
  bansList: (rows: Array<{ id: string; name: string; reason: string; when: string; by: string }>, max = 50): string => {
    if (rows.length === 0) return '黑名单是空的。'
    const listed = rows.slice(0, max).map((r, i) => `${i + 1}. ${shownWho(r.name, r.id)} · ${r.reason || '未说明原因'} · ${r.when} · ${r.by === 'rules' ? '自动' : r.by}`)
    if (rows.length > max) listed.push(`…还有 ${rows.length - max} 人`)
    return `⛔ 黑名单（${rows.length}）：\n${listed.join('\n')}`
  },
  hqRemoveQueued: (name: string, id: string, labels: string[]) =>
    `🚫 将从 ${labels.length} 个群移出 ${shownWho(name, id)}：${labels.slice(0, 20).map(c).join('、')}${labels.length > 20 ? ' 等' : ''}。结果逐群汇报。`,
  hqRemoveNone: (name: string, id: string) => `${shownWho(name, id)} 不在所选的管理群里，没有可移出的。`,
  blacklistReason: (reason: string) => `黑名单（${reason || '未说明原因'}）`,
} as const

/** Texts of teaching the ad detector: `#广告` and `#误判` (HQ). */
export const moderationMessages = {
  /** the reason of an ad an operator confirmed from a review item */
  confirmedBy: (caseId: string) => `总部确认 ${caseId}`,
  caseUnknown: (id: string) => `没有找到 ${id}（编号不对，或已超过 30 天）。`,
  caseDecided: (id: string, label: 'ad' | 'normal', by: string) =>
    `${id} 已经处理过了（${label === 'ad' ? '已确认为广告' : '已放行'}，${by}）。`,
  noText: '（这条不是文字消息，没有可记录的样本）',
  confirmedReview: (id: string, who: string, groupLabel: string, dryRun: boolean) =>
    `✅ ${id} 已确认为广告：${dryRun ? '[演练] ' : ''}按规则处理 ${c(who)}（「${c(groupLabel)}」），已记入广告样本，相似内容以后直接按广告处理。`,
  confirmedRemoval: (id: string, labelled: boolean) =>
    labelled ? `✅ ${id} 已记入广告样本，相似内容以后直接按广告处理。` : `✅ ${id} 已确认。（这条不是文字消息，没有可记录的样本）`,
  groupGone: (id: string) => `✅ ${id} 已记入广告样本；那个群已不在管理范围，没有处理成员。`,
  released: (id: string, p: { kind: 'review' | 'removal' | 'warning' | 'batch'; who: string; strike: boolean; unbanned: boolean; posted: boolean; labelled: boolean }) => {
    const done: string[] = []
    if (p.strike) done.push('违规次数减一')
    if (p.unbanned) done.push('已解除黑名单，可以再入群')
    done.push(p.labelled ? '已记入正常样本，相似内容不会再因模型判断被处理或送审' : '这条不是文字消息，没有可记录的样本')
    done.push(p.posted ? '已在群里发送你写的话' : '群里没有任何提示')
    const what = p.kind === 'review' || p.kind === 'batch' ? '已放行' : p.kind === 'warning' ? '已撤销警告' : '已撤销'
    return `✅ ${id} ${what}（${c(p.who)}）：${done.join('；')}。`
  },
  quotedLabelled: (label: 'ad' | 'normal') =>
    label === 'ad'
      ? '✅ 已把引用的内容记入广告样本，相似内容以后直接按广告处理。'
      : '✅ 已把引用的内容记入正常样本，相似内容不会再因模型判断被处理或送审。',
  quotedEmpty: '引用的内容里没有可记录的文字。',
  /** the source of a label taken from a quoted message (a case id otherwise) */
  quotedSource: '引用',
} as const

/** Why an image was not checked for a QR code (core's `QrUncheckedReason`), as HQ reads it. */
export const uncheckedImageReasons: Record<string, string> = {
  'too-big': '图片过大',
  'backlog-full': '排队已满',
  'waited-too-long': '等待超时',
  timeout: '读取超时',
  failed: '读取出错',
  unreadable: '无法解码',
  'fetch-failed': '下载失败',
  stopping: '机器人停止',
}

export interface UncheckedImagesView {
  groupLabel: string
  count: number
  /** reason → images */
  reasons: Record<string, number>
}

export const imageReviewMessages = {
  /**
   * One HQ line for every image of the window that could not be checked for a QR code (an
   * image bomb, a flood of photos, a slow machine): a count per group, so an operator can
   * look at those groups. At most `max` groups are named; the rest are counted.
   */
  unchecked: (groups: readonly UncheckedImagesView[], max = 20): string => {
    const total = groups.reduce((n, g) => n + g.count, 0)
    const named = groups.slice(0, max).map((g) => {
      const why = Object.entries(g.reasons)
        .map(([r, n]) => (Object.keys(g.reasons).length > 1 ? `${uncheckedImageReasons[r] ?? r} ${n}` : (uncheckedImageReasons[r] ?? r)))
        .join('、')
      return `「${g.groupLabel}」${g.count} 张（${why}）`
    })
    const more = groups.length > max ? `；另有 ${groups.length - max} 个群 ${groups.slice(max).reduce((n, g) => n + g.count, 0)} 张` : ''
    return `🔎 ${total} 张图片未能检查是否含二维码广告，请人工查看：${named.join('；')}${more}`
  },
}
/** One item of the review digest (`rules.ads.reviewDigestMs`): a review item, or a warning the bot gave for an ad. */
export interface DigestItemView {
  kind: 'review' | 'warning'
  caseId: string
  groupLabel: string
  memberId: string
  memberName: string
  reason: string
  text?: string
  evidence?: string
  score?: number
  reasons?: readonly string[]
}

/** A warning the bot gave, as HQ reads it in the digest: taken back with `#误判 R7`. */
function warningLine(w: DigestItemView): string {
  return `⚠️ [${w.caseId}] 已在「${w.groupLabel}」警告 ${who(w)}：${w.reason}${w.text || w.evidence ? `\n内容：${excerpt(w.text ?? w.evidence ?? '')}` : ''}\n误判请回复 #误判 ${w.caseId}`
}

/**
 * Texts of the ad detector learning from decisions (issue 19): the batched review digest,
 * a blacklisted member's earlier texts offered for labelling, a #广告 quoted inside a
 * managed group, removals confirmed because nobody contested them.
 */
export const adsLearningMessages = {
  /** one HQ message for a window's review items and warnings, in arrival order */
  digest: (items: readonly DigestItemView[]): string | undefined => {
    if (items.length === 0) return undefined
    const lines = items.map((i) =>
      i.kind === 'review'
        ? reviewLine(i.groupLabel, { kind: 'review', memberId: i.memberId, memberName: i.memberName, reason: i.reason, caseId: i.caseId, ...(i.text ? { text: i.text } : {}), ...(i.evidence ? { evidence: i.evidence } : {}), ...(i.score !== undefined ? { assessment: { score: i.score, reasons: i.reasons ?? [] } } : {}) })
        : warningLine(i),
    )
    if (items.length === 1) return lines[0]
    const reviews = items.filter((i) => i.kind === 'review').length
    const warned = items.length - reviews
    const head = `🗂 广告处理汇总 ${items.length} 条（待审 ${reviews}${warned ? `，已警告 ${warned}` : ''}）`
    return [head, ...lines].join('\n\n')
  },
  /** a blacklisted member's texts of the last hour, offered as one batch */
  batch: (caseId: string, memberName: string, memberId: string, texts: ReadonlyArray<{ groupLabel: string; text: string }>) =>
    `📚 [${caseId}] ${memberName || '（无名）'}(${memberId}) 已加入黑名单，他最近一小时在群里的 ${texts.length} 条消息：\n` +
    texts.map((t, i) => `${i + 1}. 「${t.groupLabel}」${excerpt(t.text, 80)}`).join('\n') +
    `\n回复 #广告 ${caseId} 全部记为广告，#误判 ${caseId} 全部记为正常；要逐条标注，引用一条回复 #广告 或 #误判`,
  batchLabelled: (id: string, label: 'ad' | 'normal', count: number) => `✅ ${id} 的 ${count} 条消息已记入${label === 'ad' ? '广告' : '正常'}样本。`,
  batchReason: '黑名单成员最近的消息',
  /** a #广告 an operator or group admin typed under a quoted message inside a managed group */
  quotedInGroup: (p: { by: string; groupLabel: string; text: string; member?: string; acted: boolean; dryRun: boolean }) =>
    `🏷 ${p.by} 在「${p.groupLabel}」引用标记了广告：${excerpt(p.text)}\n已记入广告样本${p.member ? (p.acted ? `，${p.dryRun ? '[演练] ' : ''}按规则处理 ${p.member}` : `；${p.member} 不受群规约束，未处理`) : '；群里没有找到发送者（可能已退群或改了昵称），未处理成员'}。`,
  quotedReason: (by: string) => `群内引用标记（${by}）`,
  /** the `by` of a decision the bot took itself: a removal nobody contested within `confirmAfterHours` */
  autoConfirmed: 'rules',
} as const
