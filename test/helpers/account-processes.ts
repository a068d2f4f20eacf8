import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { PuppetServer } from 'wechaty-puppet-service'
import { freePort } from '../../src/net/free-port'
import { PuppetSim } from '../../src/sim/puppet-sim'
import type { SimWorld } from '../../src/sim/world'

const root = join(__dirname, '..', '..')

/** one bot account of a simulated world, served as a real account's puppet service is */
export interface ServedPuppet {
  botId: string
  endpoint: string
  token: string
  /** the env a `src/main.ts` process needs to connect to it (no TLS on loopback) */
  env: Record<string, string>
  stop(): Promise<void>
}

/**
 * Serves each of `botIds` of the test's world through wechaty-puppet-service's
 * `PuppetServer` on its own loopback port and token: several `src/main.ts` processes
 * (one per account, as in production) then drive one simulated WeChat that lives in the
 * test process, whose transcript the test reads.
 */
export async function servePuppets(world: SimWorld, botIds: string[]): Promise<ServedPuppet[]> {
  const served: ServedPuppet[] = []
  try {
    for (const botId of botIds) {
      const token = `insecure_qunhq_sim_${randomBytes(6).toString('hex')}`
      const endpoint = `127.0.0.1:${await freePort()}`
      const server = new PuppetServer({ endpoint, puppet: new PuppetSim(world, {}, botId), token, tls: { disable: true } })
      await server.start()
      served.push({
        botId,
        endpoint,
        token,
        env: {
          WECHATY_PUPPET: 'wechaty-puppet-service',
          WECHATY_PUPPET_SERVICE_TOKEN: token,
          WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint,
          WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
        },
        stop: () => server.stop(),
      })
    }
  } catch (err) {
    await Promise.all(served.map((s) => s.stop().catch(() => undefined)))
    throw err
  }
  return served
}

/** a running `node --import tsx src/main.ts` */
export interface AccountProcess {
  account: string
  child: ChildProcess
  /** everything it printed so far (stdout and stderr: pino JSON lines and any crash) */
  output(): string
  /** what it printed on stderr alone (a refusal's one line, a crash) */
  errors(): string
  /** resolves with its exit */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** resolves once its output matches `pattern`; fails if it exits first or after `ms` */
  untilOutput(pattern: RegExp, what: string, ms?: number): Promise<void>
  /** SIGTERM and wait for the exit (a graceful stop: the job in hand finishes); SIGKILL after `ms` */
  stop(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGKILL, as a crash */
  kill(): Promise<void>
}

/** Starts one account process as an operator does (`QUNHQ_ACCOUNT=a1 npm start`). */
export function startAccountProcess(opts: { account: string; env: Record<string, string>; args?: string[] }): AccountProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...(opts.args ?? [])], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...opts.env, QUNHQ_ACCOUNT: opts.account },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const waiters = new Set<() => void>()
  const onData = (d: string) => {
    out += d
    for (const w of waiters) w()
  }
  child.stdout!.setEncoding('utf8').on('data', onData)
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d
    onData(d)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('close', (code, signal) => {
      done({ code, signal })
      for (const w of waiters) w()
    })
  })
  const alive = () => child.exitCode === null && child.signalCode === null
  const proc: AccountProcess = {
    account: opts.account,
    child,
    output: () => out,
    errors: () => err,
    exited,
    untilOutput(pattern, what, ms = 90_000) {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => finish(new Error(`${opts.account}: no ${what} within ${ms} ms; output:\n${out.slice(-4000)}`)), ms)
        const check = () => {
          if (pattern.test(out)) finish()
          else if (!alive()) finish(new Error(`${opts.account} exited before ${what}; output:\n${out.slice(-4000)}`))
        }
        const finish = (err?: Error) => {
          clearTimeout(timer)
          waiters.delete(check)
          if (err) fail(err)
          else done()
        }
        waiters.add(check)
        check()
      })
    },
    async stop(ms = 30_000) {
      if (!alive()) return exited
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), ms)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
    async kill() {
      if (alive()) child.kill('SIGKILL')
      await exited
    },
  }
  return proc
}
