import { randomBytes } from 'node:crypto'
import { readlinkSync } from 'node:fs'
import { hostname } from 'node:os'

/**
 * Who holds an account (issue 17): the host, the process, its pid namespace (two
 * containers on one host may both be pid 1) and a random token per app instance (the
 * simulator runs several accounts' apps, and a restarted app, in one process).
 */
export interface ProcessIdentity {
  host: string
  pid: number
  /** the pid namespace (`/proc/self/ns/pid`); empty where there is none to read */
  pidns: string
  token: string
}

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid')
  } catch {
    return ''
  }
}

export function processIdentity(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, pidns: pidNamespace(), token: randomBytes(8).toString('hex') }
}

/** the holders this process runs now (an app registers its token when it takes an account, drops it when it stops or dies) */
const liveHere = new Set<string>()
export const liveTokens = {
  add: (token: string) => void liveHere.add(token),
  delete: (token: string) => void liveHere.delete(token),
  has: (token: string) => liveHere.has(token),
}

/** whether a process with this pid runs on this host (in our pid namespace) */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it runs, under another user
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether `holder` is known to be gone, judged from `me`. Only a holder on this host and
 * in this pid namespace can be checked: one in this very process is alive while it is one
 * of our live app instances (else it is an instance that died or a previous process that
 * had our pid); another pid is alive while such a process runs (a reused pid reads as alive:
 * its lease then has to expire). Anything else (another host, another container) is not
 * known to be gone: its lease must expire or be released.
 */
export function holderGone(
  holder: Pick<ProcessIdentity, 'host' | 'pid' | 'pidns' | 'token'>,
  me: ProcessIdentity,
  probe: { alive: (pid: number) => boolean; live: (token: string) => boolean } = { alive: pidAlive, live: liveTokens.has },
): boolean {
  if (holder.host !== me.host || holder.pidns !== me.pidns) return false
  if (holder.pid === me.pid) return !probe.live(holder.token)
  return !probe.alive(holder.pid)
}
