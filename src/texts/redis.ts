/** Texts HQ reads about Redis: an outage, its end, and a Redis that keeps nothing across a restart. */
import { formatDuration } from './bot'

/** What the Redis error means, in the words an operator needs (keys: `RedisOutageKind`). */
export const redisOutageWords: Record<string, string> = {
  full: '内存已满',
  readonly: 'Redis 只读，可能正在主从切换',
  loading: 'Redis 正在启动加载数据',
  disk: 'Redis 无法写盘',
  unavailable: 'Redis 暂不可用',
  connection: '连接不上 Redis',
}

export const redisMessages = {
  outage: (kind: string, since: string, error: string) =>
    `⚠️ Redis 写入失败（${redisOutageWords[kind] ?? kind}），自 ${since} 起机器人暂停发送、暂存收到的消息，` +
    `恢复后按顺序补处理。\n错误: ${error}` +
    (kind === 'full' ? '\n请为 Redis 增加内存（maxmemory）或清理不需要的数据。' : ''),
  recovered: (downMs: number, suppressed: number, held: number, dropped: number) =>
    `✅ Redis 已恢复，中断 ${formatDuration(downMs)}（期间另有 ${suppressed} 次错误未逐条记录）。` +
    (held ? `正在补处理期间收到的 ${held} 条消息。` : '期间没有需要补处理的消息。') +
    (dropped ? `另有 ${dropped} 条超出暂存上限，已丢弃。` : ''),
  noPersistence: (appendonly: string, save: string) =>
    `⚠️ Redis 没有开启持久化（appendonly ${appendonly}，save "${save}"）：重启 Redis 会丢失未发完的广播、排队中的消息和广播记录。` +
    '请在 Redis 配置中设置 appendonly yes（appendfsync everysec）。',
} as const
