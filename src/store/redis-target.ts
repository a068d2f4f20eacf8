/**
 * What REDIS_URL names: one Redis, or a Redis Cluster.
 *
 * - `redis://[user:pass@]host:port[/db]` or `rediss://…`: one Redis, exactly as before.
 * - A comma-separated list of such URLs (`redis://10.0.0.1:7000,redis://10.0.0.2:7000`), or
 *   `redis+cluster://[user:pass@]host:port[,host:port…]` (`rediss+cluster://` for TLS): a
 *   Redis Cluster. The hosts are seeds: one that answers is enough, the client learns the
 *   rest of the cluster from it. User, password and TLS come from the first URL and hold
 *   for every node; a cluster has no database number.
 */
export type RedisTarget =
  | { cluster: false; url: string }
  | { cluster: true; nodes: Array<{ host: string; port: number }>; username?: string; password?: string; tls: boolean }

const SINGLE = /^rediss?:\/\//
const CLUSTER = /^rediss?\+cluster:\/\//

export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError'
}

export function parseRedisTarget(url: string): RedisTarget {
  const text = url.trim()
  if (CLUSTER.test(text)) {
    const [scheme, rest = ''] = text.split('://', 2) as [string, string]
    const at = rest.lastIndexOf('@')
    const auth = at >= 0 ? rest.slice(0, at) : ''
    const hosts = (at >= 0 ? rest.slice(at + 1) : rest).replace(/\/.*$/, '')
    const first = new URL(`${scheme.startsWith('rediss') ? 'rediss' : 'redis'}://${auth ? `${auth}@` : ''}${hosts.split(',')[0] ?? ''}`)
    return clusterOf(hosts.split(',').map((h) => new URL(`redis://${h}`)), first)
  }
  if (text.includes(',')) {
    const urls = text.split(',').map((u) => u.trim())
    const bad = urls.find((u) => !SINGLE.test(u))
    if (bad !== undefined) throw new RedisUrlError(`REDIS_URL: "${bad}" in the cluster list is not a redis:// or rediss:// URL`)
    const parsed = urls.map((u) => new URL(u))
    return clusterOf(parsed, parsed[0]!)
  }
  return { cluster: false, url: text }
}

function clusterOf(nodes: URL[], first: URL): RedisTarget {
  for (const n of nodes) {
    if (!n.hostname || !n.port) throw new RedisUrlError(`REDIS_URL: every cluster node needs host:port (got "${n.host || '(empty)'}")`)
  }
  return {
    cluster: true,
    nodes: nodes.map((n) => ({ host: n.hostname, port: Number(n.port) })),
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    tls: first.protocol === 'rediss:',
  }
}

/** True when REDIS_URL names a Redis Cluster (a list, or the `+cluster` scheme). */
export function isClusterUrl(url: string): boolean {
  return CLUSTER.test(url.trim()) || url.includes(',')
}

/** The password in REDIS_URL, whichever form (for the log scrubber). */
export function redisUrlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const target = parseRedisTarget(url)
    if (target.cluster) return target.password
    return decodeURIComponent(new URL(target.url).password) || undefined
  } catch {
    return undefined
  }
}
