import { isIPv6 } from 'node:net'

/** How many client addresses the limit remembers at most; beyond that the oldest is forgotten. */
export const MAX_ADDRESSES = 10_000

interface Entry {
  /** failures in the window that began at `since` */
  failures: number
  since: number
  /** refused until then; set once per burst */
  blockedUntil?: number
}

export interface SignInLimit {
  /** ms until the address may try again, or 0 when it may now */
  refusedFor(address: string): number
  /** a failed sign-in or bearer check from the address */
  failed(address: string): void
  /** addresses remembered now (bounded by `maxAddresses`) */
  size(): number
}

/**
 * Failed sign-ins (a bad link) and bearer checks per client address (issue 17 item 9): the
 * `failures()`-th failure within `windowMs()` refuses the address for `windowMs()` from then,
 * and `onBurst` is told once (one log line a burst, not one a request). In memory, bounded:
 * one console per deployment, and an attack must not grow the process or write to Redis.
 */
export function createSignInLimit(opts: {
  failures: () => number
  windowMs: () => number
  now: () => number
  onBurst: (address: string, failures: number, blockedMs: number) => void
  maxAddresses?: number
}): SignInLimit {
  const max = opts.maxAddresses ?? MAX_ADDRESSES
  // insertion order is the order windows began: the first entry is the oldest
  const entries = new Map<string, Entry>()
  const live = (e: Entry, now: number) => (e.blockedUntil !== undefined ? now < e.blockedUntil : now - e.since < opts.windowMs())
  return {
    refusedFor(raw) {
      const address = addressKey(raw)
      const e = entries.get(address)
      if (!e) return 0
      const now = opts.now()
      if (!live(e, now)) {
        entries.delete(address)
        return 0
      }
      return e.blockedUntil !== undefined ? e.blockedUntil - now : 0
    },
    failed(raw) {
      const address = addressKey(raw)
      const now = opts.now()
      let e = entries.get(address)
      if (e && !live(e, now)) {
        entries.delete(address)
        e = undefined
      }
      if (!e) {
        while (entries.size >= max) entries.delete(entries.keys().next().value!)
        e = { failures: 0, since: now }
        entries.set(address, e)
      }
      e.failures++
      if (e.blockedUntil === undefined && e.failures >= opts.failures()) {
        const blockedMs = opts.windowMs()
        e.blockedUntil = now + blockedMs
        opts.onBurst(address, e.failures, blockedMs)
      }
    },
    size: () => entries.size,
  }
}

/**
 * The address a limit counts: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4), IPv6
 * by its /64 network, since one host is usually given a whole /64 to pick addresses from.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1]!
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  // a dotted IPv4 tail (64:ff9b::1.2.3.4) is two groups
  const width = (parts: string[]) => parts.length + (parts.at(-1)?.includes('.') ? 1 : 0)
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`
}
