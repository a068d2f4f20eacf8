/**
 * Texts of the entry gate (src/plugins/entry/): what a newcomer reads in the private chat while
 * applying, the welcome in the group, and the notices HQ gets.
 */

import { cleanShown as c, shownWho } from '../../texts/shown-text'

const list = (items: readonly string[]) => items.join(' / ')

/** One kind of the gate's digest for HQ (store/entry-digest.ts fits it). */
export interface GateDigestPartView {
  events: number
  people: number
  entries: ReadonlyArray<{ sample: string; count: number }>
  more: boolean
}
export interface GateDigestView {
  unmatched: GateDigestPartView
  codeRefused: GateDigestPartView
  codeLimited: GateDigestPartView
  note: GateDigestPartView
}

/** people shown by name in one part of a digest */
const DIGEST_SHOWN = 10

const times = (n: number) => (n > 1 ? ` ×${n}` : '')

function digestPart(head: string, part: GateDigestPartView, unit: string): string[] {
  if (!part.events) return []
  const shown = part.entries.slice(0, DIGEST_SHOWN)
  const rest = part.people - shown.length
  return [head, ...shown.map((e) => `· ${e.sample}${times(e.count)}`), ...(rest > 0 ? [`· …另有${part.more ? '至少 ' : ' '}${rest} ${unit}`] : [])]
}

export const entryMessages = {
  /** the first line of an application, before the first question */
  formIntro: (count: number) => `你好！进群前请回答 ${count} 个小问题，直接回复即可。`,
  question: (index: number, count: number, ask: string, choices?: readonly string[]) =>
    `(${index + 1}/${count}) ${ask}${choices?.length ? `\n可选：${list(choices)}` : ''}`,
  /** a wrong answer: the reason, then the question again */
  wrongAnswer: (reason: string, question: string) => `${reason}\n${question}`,
  notAChoice: (choices: readonly string[]) => `请从这几项里选一个回复：${list(choices)}`,
  badFormat: '格式不对，请再试一次。',
  emptyAnswer: '没有收到文字，请直接回复文字。',
  tooLong: (max: number) => `回答太长了，请控制在 ${max} 个字以内。`,
  timedOut: '申请超时啦，这次先到这里。想进群时再发一次关键词就好，我们随时欢迎你。',
  /** the form is done (or there is none): the bot looks for a group */
  formDone: '收到，谢谢！正在为你安排合适的群，稍等片刻。',
  invited: (topic: string) => `正在邀请你加入「${c(topic)}」，如收到群邀请请点击接受。`,
  inviteReminder: (topic: string) => `提醒：你还没有加入「${c(topic)}」，请在聊天记录里找到群邀请并点击接受。`,
  allFull: '抱歉，目前的群都满了，工作人员会尽快为你安排，请稍候。',
  creating: '正在为你开一个新群，稍等片刻。',
  alreadyApplying: '你的入群申请正在进行中，请回复上面的问题。',
  alreadyInvited: (topic: string) => `已经邀请过你加入「${c(topic)}」，请留意群邀请。`,
  alreadyMember: (topic: string) => `你已经在「${c(topic)}」里啦，不用再申请。`,
  codeSpent: '这个入群码已经用过了，每个码只能用一次。如有疑问请联系工作人员。',
  codeUnknown: '入群码不对或已过期，请核对后再发一次。',
  /** past `entry.codes.maxTries`: said once, then nothing until the window ends */
  codeTooMany: (minutes: number) => `入群码尝试次数太多了，请 ${minutes} 分钟后再试。如有疑问请联系工作人员。`,

  /** in the group, @-mentioning the newcomer (WeChat writes the @name in front) */
  welcome: (topic: string, nickname: string | undefined) =>
    `欢迎加入「${c(topic)}」！${nickname && c(nickname) ? `建议把群昵称改为「${c(nickname)}」，方便大家认识你。` : ''}`,
  /** the announcement of a group the bot created */
  rulesAnnouncement: (topic: string, nicknameExample: string) =>
    [`欢迎来到「${c(topic)}」。群规：`, `1. 群昵称格式：${nicknameExample}`, '2. 进群后请做个自我介绍', '3. 禁止广告、二维码、小程序和拉人'].join('\n'),

  hq: {
    unmatched: (name: string, contactId: string, hello: string, today: number) =>
      `👋 好友申请没有带入群关键词，留给人工处理：${shownWho(name, contactId)} 验证消息「${c(hello) || '（空）'}」 (今日第 ${today} 个)`,
    codeRefused: (name: string, contactId: string, hello: string) =>
      `👋 好友申请带的入群码无效或已用过，留给人工处理：${shownWho(name, contactId)} 验证消息「${c(hello)}」`,
    codeLimited: (name: string, contactId: string) => `🔒 ${shownWho(name, contactId)} 试入群码次数过多，已暂停回复一段时间`,
    /** a contact in a digest */
    who: (name: string, contactId: string) => shownWho(name, contactId),
    /** a friend request in a digest: who, and what they wrote */
    requestSample: (name: string, contactId: string, hello: string) => `${shownWho(name, contactId)} 验证消息「${c(hello) || '（空）'}」`,
    /** every line of the gate for HQ in one window (entry.digestMs); `today`: requests left for a human today */
    digest: (d: GateDigestView, today: number) =>
      [
        `📋 入群门槛汇总${d.unmatched.events || d.codeRefused.events ? ` (今日留给人工的好友申请共 ${today} 个)` : ''}`,
        ...digestPart(`👋 没带入群关键词的好友申请 ${d.unmatched.events} 个 (${d.unmatched.more ? '至少 ' : ''}${d.unmatched.people} 人)，留给人工处理：`, d.unmatched, '人'),
        ...digestPart(`🎟 入群码无效、已用过或试得太多的好友申请 ${d.codeRefused.events} 个 (${d.codeRefused.more ? '至少 ' : ''}${d.codeRefused.people} 人)，留给人工处理：`, d.codeRefused, '人'),
        ...digestPart(`🔒 试入群码次数过多、已暂停回复 ${d.codeLimited.people} 人：`, d.codeLimited, '人'),
        ...d.note.entries.map((e) => `${e.sample}${times(e.count)}`),
        ...(d.note.more ? [`…另有 ${d.note.people - d.note.entries.length} 条`] : []),
      ].join('\n'),
    badTarget: (target: string) => `⚠️ 入群配置的目标「${c(target)}」写法不对，入群申请无法安排`,
    noGroups: (target: string) => `⚠️ 「${c(target)}」没有可用的群，入群申请先排队，加了群后自动邀请`,
    allFull: (target: string) => `⚠️ 「${c(target)}」的群都满了，新的入群申请先排队，有空位或加了新群时自动邀请 (可打开 entry.autoCreate 自动建群)`,
    nearlyFull: (target: string, free: number, autoCreate: boolean) =>
      `⚠️ 「${c(target)}」的群只剩 ${free} 个空位${autoCreate ? '，满了会自动建新群' : '，请尽快建新群'}`,
    creating: (topic: string, name: string) => `🆕 群都满了，正在建新群「${c(topic)}」，${c(name)} 将进入新群`,
    created: (topic: string, tags: readonly string[]) => `🆕 已建新群「${c(topic)}」${tags.length ? `，标签：${tags.map(c).join(',')}` : ''}`,
    acceptFailed: (contactId: string, error: string) => `❌ 通过 ${c(contactId)} 的好友申请失败 (${c(error)})，入群申请等人工处理`,
    inviteFailed: (contactId: string, roomId: string, error: string) => `❌ 邀请 ${c(contactId)} 进群 ${c(roomId)} 失败 (${c(error)})，请人工拉群`,
    createFailed: (topic: string, contactId: string, error: string) => `❌ 建群「${c(topic)}」失败 (${c(error)})，${c(contactId)} 的入群申请等人工处理`,
    notJoined: (name: string, contactId: string, topic: string) => `⏰ ${shownWho(name, contactId)} 已提醒过，仍未接受「${c(topic)}」的群邀请，申请关闭`,
    codesMade: (count: number, target: string, days: number, codes: readonly string[]) =>
      [`🎟 已生成 ${count} 个入群码 (目标 ${target}，每个只能用一次，${days} 天内有效)：`, ...codes].join('\n'),
  },
} as const
