/** Texts the bot says in groups and to HQ (command usages live in ./commands). */

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0.1, Math.round(ms / 100) / 10)}秒`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}秒`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 ? `${m}分${s % 60}秒` : `${m}分钟`
  const h = Math.floor(m / 60)
  return m % 60 ? `${h}小时${m % 60}分` : `${h}小时`
}

export const botMessages = {
  breakerOpen: (failures: number, pauseMs: number, lastError: string) =>
    `⚠️ 连续 ${failures} 次发送失败（${lastError}），为防封号暂停发送 ${formatDuration(pauseMs)}，之后自动恢复。`,
  loggedOut: '⚠️ 机器人账号已掉线，所有发送已暂停，重新登录后继续，不会丢失。',
  loggedIn: '✅ 机器人账号已登录，发送已恢复。',
} as const
