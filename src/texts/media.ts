/**
 * Texts of the media library (config `media`, docs/media.md): what HQ reads when a broadcast
 * or a step names an item, and the word an operator types for one (`[素材:课程海报]`).
 */

/** `[素材:课程海报]` (also `[media:…]`, and a full-width colon) */
export const mediaWords = ['素材', 'media'] as const

export const mediaKindNames = { file: '文件', image: '图片', url: '链接', miniProgram: '小程序' } as const

export const mediaMessages = {
  unknown: (id: string) => `没有素材「${id}」。#素材 查看素材库。`,
  /** a scheduled broadcast whose item is gone from the library (told once a day) */
  scheduleUnknown: (scheduleId: string, id: string) => `⚠️ 定时 ${scheduleId} 要发的素材「${id}」已不在素材库，今天未发送。`,
  /** how a media broadcast reads in #进度 and the console */
  reference: (id: string) => `[${mediaWords[0]}:${id}]`,
} as const
