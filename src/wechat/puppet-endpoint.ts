import { connect } from 'node:net'
import type { Logger } from 'pino'

/** Where wechaty-puppet-service looks a token up when no endpoint is given. */
export const DEFAULT_DISCOVERY_AUTHORITY = 'api.chatie.io'

/** The first wait after a failed attempt, and the longest (the wait doubles in between). */
export const PUPPET_RETRY_FIRST_MS = 5000
export const PUPPET_RETRY_MAX_MS = 5 * 60_000

export class PuppetUnreachableError extends Error {
  override readonly name = 'PuppetUnreachableError'
}

/** `code host` of a network error, e.g. `getaddrinfo ENOTFOUND api.chatie.io`; never a URL (it holds the token). */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; syscall?: string; hostname?: string; message?: string } }).cause ?? err
  const c = cause as { code?: string; syscall?: string; hostname?: string; address?: string; port?: number; message?: string }
  if (c.code) return [c.syscall, c.code, c.hostname ?? (c.address ? `${c.address}:${c.port ?? ''}` : undefined)].filter(Boolean).join(' ')
  return c.message ?? String(err)
}

/**
 * Asks the token's provider where its puppet service is, as wechaty-token does. QunHQ does
 * it itself because wechaty-token's gRPC resolver is written for an older @grpc/grpc-js:
 * with the installed one its first failure throws `this.listener.onError is not a function`
 * out of an un-awaited promise, which ends the process; with an explicit `host:port` the
 * puppet never uses that resolver.
 */
export async function discoverEndpoint(token: string, opts: { authority?: string; timeoutMs?: number } = {}): Promise<string> {
  const authority = opts.authority ?? DEFAULT_DISCOVERY_AUTHORITY
  let res: Response
  try {
    res = await fetch(`https://${authority}/v0/hosties/${encodeURIComponent(token)}`, { signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) })
  } catch (err) {
    throw new PuppetUnreachableError(`discovery at ${authority} failed (${networkReason(err)})`)
  }
  if (res.status >= 400 && res.status < 500) throw new PuppetUnreachableError(`${authority} does not know this token (HTTP ${res.status})`)
  if (!res.ok) throw new PuppetUnreachableError(`discovery at ${authority} answered HTTP ${res.status}`)
  const body = (await res.json().catch(() => undefined)) as { host?: unknown; port?: unknown } | undefined
  if (typeof body?.host !== 'string' || !body.host || !Number(body.port)) {
    throw new PuppetUnreachableError(`${authority} has no puppet service running for this token`)
  }
  return `${body.host}:${Number(body.port)}`
}

/** Resolves when a TCP connection to `host:port` opens (name resolution included). */
export function probeEndpoint(endpoint: string, timeoutMs = 10_000): Promise<void> {
  const at = endpoint.lastIndexOf(':')
  const host = endpoint.slice(0, at).replace(/^\[|\]$/g, '')
  const port = Number(endpoint.slice(at + 1))
  if (at <= 0 || !Number.isInteger(port) || port <= 0) {
    return Promise.reject(new PuppetUnreachableError(`endpoint "${endpoint}" is not host:port`))
  }
  return new Promise((done, fail) => {
    const socket = connect({ host, port, timeout: timeoutMs })
    socket.once('connect', () => {
      socket.destroy()
      done()
    })
    socket.once('timeout', () => {
      socket.destroy()
      fail(new PuppetUnreachableError(`${endpoint} did not answer in ${timeoutMs} ms`))
    })
    socket.once('error', (err) => fail(new PuppetUnreachableError(`${endpoint}: ${networkReason(err)}`)))
  })
}

/** The wait before attempt `failures + 1`: doubling from `firstMs`, capped at `maxMs`. */
export function retryDelayMs(failures: number, firstMs = PUPPET_RETRY_FIRST_MS, maxMs = PUPPET_RETRY_MAX_MS): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1))
}

/**
 * Finds the puppet service (the configured endpoint, else the token's discovered one) and
 * checks that it answers; on failure logs one line and tries again with back-off, until it
 * answers (its `host:port`) or `signal` aborts (undefined).
 */
export async function reachPuppetService(opts: {
  token: string
  endpoint: string | undefined
  logger: Logger
  signal: AbortSignal
  discover?: (token: string) => Promise<string>
}): Promise<string | undefined> {
  const discover = opts.discover ?? ((token: string) => discoverEndpoint(token))
  for (let failures = 1; !opts.signal.aborted; failures++) {
    try {
      const endpoint = opts.endpoint ?? (await discover(opts.token))
      await probeEndpoint(endpoint)
      if (failures > 1) opts.logger.info({ endpoint, attempts: failures }, 'reached the puppet service')
      return endpoint
    } catch (err) {
      if (!(err instanceof PuppetUnreachableError)) throw err
      const waitMs = retryDelayMs(failures)
      opts.logger.warn(
        { attempt: failures, retryInMs: waitMs },
        `cannot reach the puppet service for this token: ${err.message}; retrying in ${Math.round(waitMs / 1000)} s`,
      )
      await abortableSleep(waitMs, opts.signal)
    }
  }
  return undefined
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms)
    function finish() {
      clearTimeout(timer)
      signal.removeEventListener('abort', finish)
      done()
    }
    signal.addEventListener('abort', finish, { once: true })
  })
}
