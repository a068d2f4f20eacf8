/** What members and HQ read about the FAQ and keyword replies (Chinese, one place). */
import { cleanShown as shown } from '../../texts/shown-text'

const cut = (text: string, max: number) => {
  const s = shown(text).replace(/\s+/gu, ' ')
  return s.length > max ? `${s.slice(0, max)}…` : s
}

export const faqTexts = {
  faqUsage: '#FAQ | #FAQ 添加 问题 || 答案 | #FAQ 改 F3 答案 | #FAQ 删 F3',
  faqDescription: '常见问题: 列出 (命中次数)、添加、改答案、删除；群里再问相近的问题时机器人直接回答',
  wrongUsage: '#误答 Q12',
  wrongDescription: '撤回一条自动回复: 在群里更正并转给总部，该条常见问题降权',
  /** the parse refusals */
  missingSeparator: '问题和答案之间要用 || 隔开',
  missingQuestion: '缺少问题',
  missingAnswer: '缺少答案',
  unknownAction: (word: string) => `不认识 ${shown(word)}，可用: 添加 改 删`,
  what: '常见问题的答案',

  /** in the group: an automatic answer, @ the asker */
  answer: (answer: string) => `「常见问题」${answer}`,
  /** in the group: a keyword reply */
  keyword: (reply: string) => `「常见问题」${reply}`,
  /** in the group: a keyword reply that is a media item, sent right after this line */
  keywordMedia: (label: string) => `「常见问题」请看：${shown(label)}`,
  /** in the group, after #误答: WeChat's recall is not available to the bot, so a correction line */
  correction: '刚才的「常见问题」自动回复可能答非所问，请忽略；已转给工作人员，稍后回复您。',

  list: (entries: { id: string; questions: string[]; answer: string; hits: number; wrong: number }[], disabled: boolean) =>
    (disabled ? '⚠️ 常见问题未开启 (faq.enabled: false)：不从 #回复 学习，也不自动回答。\n' : '') +
    (entries.length
      ? `📚 常见问题（${entries.length}）：\n` +
        entries
          .map((e) => {
            const more = e.questions.length > 1 ? ` 等${e.questions.length}种问法` : ''
            const wrong = e.wrong ? `，误答 ${e.wrong}` : ''
            return `${e.id} (命中 ${e.hits}${wrong}) ${cut(e.questions[0] ?? '', 40)}${more} → ${cut(e.answer, 60)}`
          })
          .join('\n')
      : '📚 还没有常见问题。总部用 #回复 回答过的问题会自动记下，也可以 #FAQ 添加 问题 || 答案。'),
  added: (id: string) => `✅ 已添加常见问题 ${id}。`,
  edited: (id: string) => `✅ 已修改 ${id} 的答案。`,
  removed: (id: string) => `🗑 已删除常见问题 ${id}。`,
  unknownEntry: (id: string) => `没有找到常见问题 ${id}。`,
  /** the console page (/p/faq) */
  page: {
    title: '常见问题',
    cols: { id: '编号', questions: '问法', answer: '答案', scope: '范围', hits: '命中', wrong: '误答' },
    everywhere: '所有群',
    save: '保存答案',
    remove: '删除',
    empty: '还没有常见问题。总部用 #回复 回答过的问题会自动记下，也可以 #FAQ 添加 问题 || 答案。',
    disabled: '常见问题未开启 (faq.enabled: false)：不从 #回复 学习，也不自动回答。',
    badId: '编号不对：应是 F 加数字，如 F3。',
  },
  noAuto: (id: string) => `${id} 没有自动回复（或已撤回）。`,
  retracted: (id: string, ref: string, wrong: number | undefined) =>
    `↩️ 已撤回 ${id} 的自动回复 (${ref})：微信不支持机器人撤回这条消息，已在群里发更正。` +
    (wrong === undefined ? '' : `\n${ref} 已降权（误答 ${wrong} 次）。`) +
    `\n问题已转总部: #回复 ${id} 内容`,
}
