/**
 * Which errors mean "Redis is not taking our writes right now" (an outage to wait out)
 * rather than a bug in one call. Only these move the bot into its failing state.
 */
export type RedisOutageKind = 'full' | 'readonly' | 'loading' | 'disk' | 'unavailable' | 'connection'

const REPLY_PREFIXES: [string, RedisOutageKind][] = [
  ['OOM', 'full'],
  ['READONLY', 'readonly'],
  ['LOADING', 'loading'],
  ['MISCONF', 'disk'],
  ['MASTERDOWN', 'unavailable'],
  ['CLUSTERDOWN', 'unavailable'],
  ['TRYAGAIN', 'unavailable'],
  ['BUSY', 'unavailable'],
]

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
const CONNECTION_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
  'connect ECONNREFUSED',
  'read ECONNRESET',
  'Command timed out',
  // ioredis Cluster: no node reachable, slots unknown, or redirected round a failover
  'None of startup nodes is available',
  'Failed to refresh slots cache',
  "Cluster isn't ready",
  'Cluster is disconnected',
  'Too many Cluster redirections',
  'Node is disconnected',
]

/** duck-typed: errors from Node's own modules fail `instanceof Error` inside jest's sandbox */
function asError(err: unknown): { name?: unknown; message: string; code?: unknown } | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const message = (err as { message?: unknown }).message
  return typeof message === 'string' ? (err as { message: string }) : undefined
}

export function redisOutageKind(input: unknown): RedisOutageKind | undefined {
  const err = asError(input)
  if (!err) return undefined
  const message = err.message
  // a server reply: "OOM command not allowed …", also inside a script ("… script: <sha>, on @user_script:217.")
  for (const [prefix, kind] of REPLY_PREFIXES) {
    if (message.startsWith(`${prefix} `) || message.includes(`: ${prefix} `) || message.includes(`-${prefix} `)) return kind
  }
  const code = err.code
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return 'connection'
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'ConnectionClosedError' || err.name === 'ClusterAllFailedError') return 'connection'
  if (CONNECTION_MESSAGES.some((m) => message.includes(m))) return 'connection'
  return undefined
}

/**
 * One short line for a log or HQ: the first line of the message, without the script
 * reference BullMQ's Lua errors carry (an EVAL error can carry the whole script text).
 */
export function redisErrorSummary(err: unknown, max = 160): string {
  const message = asError(err)?.message ?? String(err)
  let line = message.split(/\r?\n/, 1)[0] ?? ''
  // Redis 6 wraps a script's error: "ERR Error running script (call to f_…): @user_script:1: OOM …"
  const inner = REPLY_PREFIXES.map(([prefix]) => line.indexOf(`: ${prefix} `)).filter((i) => i > 0)
  if (inner.length) line = line.slice(Math.min(...inner) + 2)
  const script = line.indexOf(' script: ')
  if (script > 0) line = line.slice(0, script)
  line = line.trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
