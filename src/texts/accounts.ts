/** Texts about the bot's accounts (issue 11): failover reports and `#账号`. */
import { formatDuration } from './bot'
import { cleanShown } from './shown-text'

const names = (list: string[], max = 20) =>
  list.length <= max ? list.map(cleanShown).join('、') : `${list.slice(0, max).map(cleanShown).join('、')} 等 ${list.length} 个`

export interface AccountRow {
  id: string
  online: boolean
  /** online since, or offline since (ms ago); undefined: never seen */
  sinceMs: number | undefined
  served: number
  sentToday: number
  cap: number
  /** consecutive failed sends (the breaker opens at its threshold) */
  failures: number
  /** the breaker opened and no send has succeeded since */
  breakerOpen: boolean
  breakerAt: number
  lastError: string | undefined
  ageDays: number | undefined
}

export const accountMessages = {
  wentOffline: '退出登录',
  refused: (error: string) => `被微信拒绝: ${error.slice(0, 40)}`,
  /** its process stopped answering (killed, hung, cut off) and never logged out */
  lost: (leaseMs: number) => `进程失联超过 ${formatDuration(leaseMs)}`,
  /** the one HQ notice of an account going out of service (offline, refused, lost), with the groups it served */
  failover: (p: { account: string; reason: string; moved: string[]; left: string[] }) => {
    const lines = [`🔀 账号 ${p.account} 已停用（${p.reason}）。`]
    if (!p.moved.length && !p.left.length) return [...lines, '它没有在服务的群。'].join('\n')
    lines.push(p.moved.length ? `${p.moved.length} 个群转由其他账号服务: ${names(p.moved)}` : '没有群转由其他账号服务。')
    if (p.left.length) lines.push(`⚠️ ${p.left.length} 个群没有其他在线账号，暂停服务: ${names(p.left)}`)
    lines.push(`账号恢复后，发送 #账号 回切 ${p.account} 把群转回。`)
    return lines.join('\n')
  },
  backOnline: (account: string, awayMs: number) => `🟢 账号 ${account} 已重新上线（离线 ${formatDuration(awayMs)}）。`,
  list: (rows: AccountRow[]) => {
    if (!rows.length) return '只有一个账号在运行（未配置 accounts）。'
    return [
      `账号 ${rows.length} 个:`,
      ...rows.map((r) => {
        const state = r.sinceMs === undefined ? '⚪ 未登录过' : r.online ? `🟢 在线 ${formatDuration(r.sinceMs)}` : `🔴 离线 ${formatDuration(r.sinceMs)}`
        const breaker = r.breakerOpen || r.failures >= r.breakerAt ? '熔断' : r.failures > 0 ? `连续失败 ${r.failures}` : '正常'
        const age = r.ageDays === undefined ? '' : `，账号 ${r.ageDays} 天`
        const error = r.lastError ? `，最近错误: ${r.lastError.slice(0, 40)}` : ''
        return `${r.id} ${state}，服务 ${r.served} 个群，今日发送 ${r.sentToday}/${r.cap}，${breaker}${age}${error}`
      }),
    ].join('\n')
  },
  backUnknown: (account: string) => `没有账号 ${account}。发送 #账号 查看账号列表。`,
  backOffline: (account: string) => `账号 ${account} 不在线，不能回切。`,
  backMidBroadcast: (ids: string[]) => `广播 ${ids.join('、')} 正在发送，回切会打乱进度。请在广播结束后再回切。`,
  backNothing: (account: string) => `账号 ${account} 没有被转走的群。`,
  backDone: (account: string, moved: string[], stayed: string[]) =>
    [`↩️ ${moved.length} 个群回到账号 ${account}${moved.length ? `: ${names(moved)}` : ''}`, ...(stayed.length ? [`${stayed.length} 个群留在原账号（${account} 已不在群里或群已换账号）: ${names(stayed)}`] : [])].join('\n'),
} as const

/** who holds an account, as an operator finds the process */
const holderText = (h: { host: string; pid: number; since: number } | undefined) =>
  h ? `主机 ${h.host}，进程 ${h.pid}，${h.since ? `自 ${new Date(h.since).toISOString()} 起` : ''}` : '另一进程'

/**
 * One account, one process (issue 17): the one line a process prints (stderr) before it exits
 * with status 1, in Chinese with the English gist for the log reader.
 */
export const accountProcessMessages = {
  held: (account: string, h: { host: string; pid: number; since: number }) =>
    `账号 ${account} 已由另一个进程服务（${holderText(h)}）：本进程不服务，退出；要作为备用进程等它停下后接替，请加 --standby。(account ${account} is held by ${h.host} pid ${h.pid})`,
  lost: (account: string, h: { host: string; pid: number; since: number } | undefined) =>
    `账号 ${account} 已被另一个进程接管（${holderText(h)}）：本进程停止服务，退出。(account ${account} was taken over${h ? ` by ${h.host} pid ${h.pid}` : ''})`,
  /** issue 23: one account of a process of several crashed; the others go on */
  crashed: (account: string, error: string, restartInMs: number, attempt: number) =>
    `⚠️ 账号 ${account} 的微信连接崩溃（${error}）：本进程的其他账号照常服务；它的群转给其他账号，${formatDuration(restartInMs)}后第 ${attempt} 次重启它。`,
  wrongWechat: (account: string, known: string, got: string) =>
    `账号 ${account} 记录的微信号是 ${known}，这次登录的却是 ${got}：本进程不服务，退出。确实换了微信号时，用 --rebind 启动一次。(account ${account} is WeChat ${known}, logged in as ${got})`,
} as const
