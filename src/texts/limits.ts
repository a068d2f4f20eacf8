/** Texts about sizes: page labels of long replies, summaries of long lists, refusals of texts too long for WeChat. */
import { cleanShown } from './shown-text'
import { firstItems, type PageWords } from './text-limits'

const num = (n: number) => n.toLocaleString('en-US')

export const pageWords: PageWords = {
  label: (page, pages) => `(${page}/${pages})`,
  omitted: (lines) => `…以及另外 ${num(lines)} 行未显示`,
}

/** Marks a text the outbound guard had to cut: it should never be seen, but must be visible if it is. */
export const truncatedMarker = '…(已截断)'

/**
 * A list of names that may be very long (10,000 unknown group names in a target): the
 * first ones, then how many more. Short lists come back joined as they are.
 */
export function nameList(names: readonly string[], unit = '个', maxItems = 20, maxChars = 400): string {
  const { shown, omitted } = firstItems(names.map(cleanShown), { maxItems, maxChars })
  return omitted ? `${shown.join('、')} …以及另外 ${num(omitted)} ${unit}` : shown.join('、')
}

export const limitMessages = {
  /** a broadcast, schedule or reply whose text WeChat would cut or refuse */
  textTooLong: (what: string, length: number, max: number) =>
    `${what}有 ${num(length)} 字，超过微信单条消息的上限 ${num(max)} 字，没有发送。请缩短，或分成几条发送。`,
  broadcastText: '广播内容',
  scheduleText: '定时内容',
  replyText: '回复内容',
  filledText: '广播内容填入{群名}{负责人}后',
  scheduleFilledText: (id: string) => `定时 ${id} 的内容填入{群名}{负责人}后`,
  warningText: '警告内容',
} as const
