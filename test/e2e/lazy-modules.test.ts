import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../../src/net/free-port'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'

/**
 * Issue 23: a bot loads only what it uses. The real start path (src/main.ts, one account on
 * wechaty-puppet-mock) runs in a process of its own; a preload writes the modules it loaded
 * when it exits. Without HTTP_PORT no console library is loaded; with it the console's are,
 * but exceljs waits for an Excel export. recheck never loads in the bot's main thread, and
 * its agent process is gone once the config is checked.
 */
const root = join(__dirname, '..', '..')
const REDIS_URL = 'redis://127.0.0.1:6379'
const PRELOAD = join(root, 'test', 'fixtures', 'preload', 'loaded-modules.js')
/**
 * a limit on waiting for the work, not a speed assertion: on a 2-core machine at load 25 the
 * bot's start took over 45 s; jest's own ceiling (300 s) stays above it
 */
const WAIT_LIMIT_MS = 240_000

/** the command lines of `pid`'s child processes (ps with --ppid exits 1 when there are none) */
const children = (pid: number) =>
  execFileSync('ps', ['-e', '-o', 'ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && Number(m[1]) === pid)
    .map((m) => m[2] ?? '')

async function until(what: string, ok: () => boolean): Promise<void> {
  const limit = Date.now() + WAIT_LIMIT_MS
  while (!ok()) {
    if (Date.now() > limit) throw new Error(`still waiting for ${what}`)
    await sleep(100)
  }
}

interface Run {
  modules: string[]
  /** the bot's child processes once it ran and the pattern checks were over */
  childrenWhileIdle: string[]
}

async function runBot(extraEnv: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'qunhq-lazy-'))
  const file = join(dir, 'modules.json')
  const prefix = `test-lazy-${randomBytes(4).toString('hex')}`
  const bot = spawn(process.execPath, ['--require', PRELOAD, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', WECHATY_PUPPET: 'wechaty-puppet-mock', REDIS_URL, QUNHQ_PREFIX: prefix, LOG_LEVEL: 'info', LOADED_MODULES_FILE: file, ...extraEnv },
  })
  let log = ''
  bot.stdout.on('data', (b: Buffer) => (log += b.toString('utf8')))
  bot.stderr.on('data', (b: Buffer) => (log += b.toString('utf8')))
  const exited = new Promise<number | null>((done) => bot.once('exit', (code) => done(code)))
  try {
    await until(`"QunHQ is running" in:\n${log}`, () => {
      if (bot.exitCode !== null) throw new Error(`the bot exited ${bot.exitCode}:\n${log}`)
      return log.includes('QunHQ is running')
    })
    // the checker's thread ends a second after the last check; its agent with it
    await until('the recheck agent to exit', () => !children(bot.pid!).some((c) => c.includes('recheck')))
    const childrenWhileIdle = children(bot.pid!)
    bot.kill('SIGINT')
    expect(await exited).toBe(0)
    return { modules: JSON.parse(readFileSync(file, 'utf8')) as string[], childrenWhileIdle }
  } finally {
    if (bot.exitCode === null) bot.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  }
}

const loaded = (modules: string[], pkg: string) => modules.some((m) => m.includes(`/node_modules/${pkg}/`))
const CONSOLE_PACKAGES = ['fastify', '@bull-board/api', '@bull-board/fastify', '@fastify/formbody', 'exceljs', 'chart.js']

describe('the bot loads only what it uses', () => {
  it('without HTTP_PORT: no console library, no recheck in the main thread, no agent left running', async () => {
    const run = await runBot({})
    // the list is real: the bot's own modules and Wechaty are in it
    expect(run.modules.some((m) => m.endsWith(join('src', 'config', 'regex-agent.ts')))).toBe(true)
    expect(loaded(run.modules, 'wechaty')).toBe(true)
    for (const pkg of [...CONSOLE_PACKAGES, 'recheck']) expect([pkg, loaded(run.modules, pkg)]).toEqual([pkg, false])
    expect(run.childrenWhileIdle.filter((c) => c.includes('recheck'))).toEqual([])
  })

  it('with HTTP_PORT: the console libraries load, exceljs still waits for an Excel export', async () => {
    const run = await runBot({ HTTP_PORT: String(await freePort()) })
    expect(loaded(run.modules, 'fastify')).toBe(true)
    expect(loaded(run.modules, '@bull-board/fastify')).toBe(true)
    expect(loaded(run.modules, 'exceljs')).toBe(false)
    expect(loaded(run.modules, 'recheck')).toBe(false)
  })
})
