import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { REDIS_URL } from '../helpers/scenario'

/**
 * Issue 8 item 4: with a puppet-service token whose service cannot be reached, `npm start`
 * printed the token twice inside the resolver's URLs, then crashed with `TypeError:
 * this.listener.onError is not a function`. Now: one clear line, a retry with back-off, the
 * token in no output at any level, and a clean stop on Ctrl-C.
 */
const root = join(__dirname, '..', '..')

interface Run {
  output: string
  aliveAtRetry: boolean
  exitCode: number | null
  signal: NodeJS.Signals | null
}

/** starts `tsx src/main.ts`, waits for the retry line (or gives up after 240 s: a ceiling; on a quiet machine the line comes in seconds), then sends SIGINT */
function startUntilRetry(env: Record<string, string>, sigints = 1): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    let aliveAtRetry = false
    let resent = false
    const onData = (d: string) => {
      output += d
      if (!aliveAtRetry && /cannot reach the puppet service for this token: .*; retrying in 5 s/.test(output)) {
        aliveAtRetry = child.exitCode === null && child.signalCode === null
        child.kill('SIGINT')
      }
      // a terminal's Ctrl-C under `npm start` arrives twice: the process group's, and npm's
      // forward of its own a moment later (after the bot has begun to stop)
      if (sigints === 2 && !resent && /SIGINT: stopping/.test(output)) {
        resent = true
        child.kill('SIGINT')
      }
    }
    child.stdout.setEncoding('utf8').on('data', onData)
    child.stderr.setEncoding('utf8').on('data', onData)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`no retry line within 240 s; output:\n${output}`))
    }, 240_000)
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      done({ output, aliveAtRetry, exitCode, signal })
    })
  })
}

describe('npm start with a puppet service that cannot be reached', () => {
  const hex = randomBytes(16).toString('hex')
  const token = `puppet_padlocal_${hex}`
  const base = { WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: token }
  const prefix = `qunhq-tokentest-${randomBytes(4).toString('hex')}`
  const cases = {
    // the README's default: no endpoint, so the token's endpoint is discovered online (fails offline, or 404s)
    'no endpoint, trace': { ...base, LOG_LEVEL: 'trace' },
    'no endpoint, info': { ...base, LOG_LEVEL: 'info' },
    'an unresolvable endpoint, debug': { ...base, WECHATY_PUPPET_SERVICE_ENDPOINT: `nowhere-${hex.slice(0, 8)}.invalid:8788`, LOG_LEVEL: 'debug' },
  }
  const runs: Record<string, Promise<Run>> = {}
  /** this run gets one Ctrl-C as a terminal delivers it under npm: two SIGINTs at once */
  const twice = 'no endpoint, info'

  beforeAll(() => {
    // all at once: each spends most of its time loading modules
    for (const [name, env] of Object.entries(cases)) runs[name] = startUntilRetry({ ...env, QUNHQ_PREFIX: prefix }, name === twice ? 2 : 1)
    for (const run of Object.values(runs)) run.catch(() => undefined)
  })

  it.each(Object.keys(cases))('%s: one retry line, the token nowhere, alive until SIGINT, then a clean exit', async (name) => {
    const run = await runs[name]!
    expect(run.output).toMatch(/cannot reach the puppet service for this token: .+; retrying in 5 s/)
    expect(run.output).not.toContain(token)
    expect(run.output).not.toContain(hex)
    expect(run.output).not.toMatch(/listener\.onError|TypeError|\n\s+at /)
    expect(run.aliveAtRetry).toBe(true)
    expect({ exitCode: run.exitCode, signal: run.signal }).toEqual({ exitCode: 0, signal: null })
    // one graceful stop, never the "second Ctrl-C: exit now" path
    expect(run.output.match(/SIGINT: stopping/g)).toHaveLength(1)
    expect(run.output).not.toContain('SIGINT again')
  })
})
