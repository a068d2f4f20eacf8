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
function asError(err: unknown): { name?: unknown; message: string; code?: unknown; previousErrors?: unknown } | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const message = (err as { message?: unknown }).message
  return typeof message === 'string' ? (err as { message: string }) : undefined
}

/**
 * Classified by what Redis says, wherever it says it:
 * - a reply: "OOM command not allowed …", also inside a script ("… script: <sha>, on
 *   @user_script:217." on Redis 7, "ERR Error running script (…): @user_script:1: OOM …" on 6);
 * - a MULTI/EXEC whose queued commands Redis refused: EXEC answers `EXECABORT Transaction
 *   discarded because of previous errors.` (a syntax error gives the same), and the reasons
 *   are the per-command errors ioredis attaches as `previousErrors`: it is an outage when one
 *   of them is (EXEC refused itself says why in its own text: "… because of: BUSY …");
 * - a connection that is closed, refused, reset or gave up retrying.
 */
export function redisOutageKind(input: unknown): RedisOutageKind | undefined {
  return reasonOf(input, new Set())?.kind
}

/** the error whose own words make it an outage (itself, or a MULTI's refused command), and its kind */
function reasonOf(input: unknown, seen: Set<unknown>): { kind: RedisOutageKind; err: { message: string } } | undefined {
  const err = asError(input)
  if (!err || seen.has(input)) return undefined
  seen.add(input)
  const message = err.message
  for (const [prefix, kind] of REPLY_PREFIXES) {
    if (message.startsWith(`${prefix} `) || message.includes(`: ${prefix} `) || message.includes(`-${prefix} `)) return { kind, err }
  }
  const code = err.code
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return { kind: 'connection', err }
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'ConnectionClosedError' || err.name === 'ClusterAllFailedError') return { kind: 'connection', err }
  if (CONNECTION_MESSAGES.some((m) => message.includes(m))) return { kind: 'connection', err }
  // not `cause`: a fetch or gRPC error caused by ECONNREFUSED elsewhere is not Redis failing
  for (const inner of Array.isArray(err.previousErrors) ? err.previousErrors : []) {
    const reason = reasonOf(inner, seen)
    if (reason) return reason
  }
  return undefined
}

/**
 * The first error inside a reply that resolved: a pipeline's `[err, result]` pairs (ioredis
 * resolves a pipeline whose commands Redis refused; only the pairs say so), or a script's
 * table holding an error value (`redis.pcall`). An outage error comes first when there is one,
 * so the caller that throws it puts the bot in its outage state.
 */
export function errorInReply(reply: unknown): Error | undefined {
  const found: Error[] = []
  const walk = (value: unknown, depth: number) => {
    if (depth > 4) return
    if (value instanceof Error || (asError(value) && !Array.isArray(value))) found.push(value as Error)
    else if (Array.isArray(value)) for (const v of value) walk(v, depth + 1)
  }
  walk(reply, 0)
  return found.find((e) => redisOutageKind(e)) ?? found[0]
}

/**
 * One short line for a log or HQ: the first line of the message, without the script
 * reference BullMQ's Lua errors carry (an EVAL error can carry the whole script text).
 */
export function redisErrorSummary(err: unknown, max = 160): string {
  // an EXECABORT says only "previous errors": the refused command's reply says what happened
  const message = reasonOf(err, new Set())?.err.message ?? asError(err)?.message ?? String(err)
  let line = message.split(/\r?\n/, 1)[0] ?? ''
  // Redis 6 wraps a script's error: "ERR Error running script (call to f_…): @user_script:1: OOM …"
  const inner = REPLY_PREFIXES.map(([prefix]) => line.indexOf(`: ${prefix} `)).filter((i) => i > 0)
  if (inner.length) line = line.slice(Math.min(...inner) + 2)
  const script = line.indexOf(' script: ')
  if (script > 0) line = line.slice(0, script)
  line = line.trim()
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
