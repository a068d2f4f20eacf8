/** What HQ reads about `#群公告` (Chinese, one place). */
import { formatDuration } from '../../texts/bot'
import { nameList } from '../../texts/limits'

const notFound = (unknown: readonly string[]) => (unknown.length ? `\n（未找到: ${nameList(unknown)}）` : '')

export const announceTexts = {
  usage: '#群公告 <目标> <内容>  例: #群公告 标签:北京 本周六读书会改到线上',
  description: '设置目标群的群公告 (机器人须是群主或管理员)，内容里的 {群名} {负责人} 按群填写',
  /** what the length refusal calls the text */
  what: '群公告内容',
  filledWhat: '群公告内容填入{群名}{负责人}后',
  started: (id: string, groups: number, estimateMs: number, unknown: readonly string[]) =>
    `📌 ${id} 群公告已开始：设置 ${groups} 个群，预计 ${formatDuration(estimateMs)} 完成。` +
    notFound(unknown) +
    `\n机器人不是群主或管理员的群会失败，结束后汇报。#进度 ${id} 查看进度，#取消 ${id} 停止。`,
  awaiting: (id: string, groups: number, firstNames: readonly string[], estimateMs: number, unknown: readonly string[]) =>
    `⏸ ${id} 将设置 ${groups} 个群的群公告（${nameList(firstNames, '个', 5)}），预计用时 ${formatDuration(estimateMs)}。` +
    notFound(unknown) +
    `\n群数超过确认阈值，回复 #确认 ${id} 开始，#取消 ${id} 放弃。`,
} as const
