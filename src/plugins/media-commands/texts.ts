/** What HQ reads about `#素材` (Chinese, one place). */
import { mediaKindNames, mediaMessages } from '../../texts/media'

export interface MediaRow {
  id: string
  kind: keyof typeof mediaKindNames
  label: string
}

export const mediaCommandTexts = {
  usage: '#素材  列出素材库；发送: #广播 全部 [素材:课程海报]',
  description: '素材库 (配置 media) 里的文件、图片、链接和小程序；广播、定时、SOP 用 [素材:编号] 发送',
  empty: '素材库是空的（配置 media 里没有素材）。',
  list: (rows: readonly MediaRow[]) =>
    [`🗂 素材库 (${rows.length})`, ...rows.map((r) => `${r.id} · ${mediaKindNames[r.kind]} · ${r.label}`), `发送: #广播 <目标> ${mediaMessages.reference(rows[0]?.id ?? '编号')}`].join('\n'),
} as const
