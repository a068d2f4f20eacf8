/**
 * Memory of one idle account's process (issue 23): the production build (`node dist/main.js`)
 * beside the ways a newcomer starts the bot (`node --import tsx src/main.ts`, `npm start`).
 *
 * Each process serves one account on a simulated WeChat (WECHATY_PUPPET=wechaty-puppet-mock:
 * the production start path, config/default.yaml, a real Redis under a key prefix of its
 * own), started fresh; once it logs "QunHQ is running" it is left idle for `--idle` seconds
 * (the regex checker's thread ends a second after the config check), then the RSS of the
 * process and of every process under it (the npm wrapper, tsx's esbuild service, a recheck
 * agent) is read from ps. Then one SIGINT to its process group stops it and its keys are deleted.
 *
 * `npx tsx bench/accounts-memory.ts [--idle 5] [--runs 1] [--baseline <checkout>]` or
 * `npm run bench -- accountsMemory`. `--baseline` also measures `node --import tsx src/main.ts`
 * in another checkout (e.g. the commit before issue 23, node_modules linked in).
 * Needs `npm run build` first (built here when dist/main.js is missing).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { numberArg, printJsonAndExit } from './cli'

const root = join(__dirname, '..')
const MB = 1024 * 1024
const START_LIMIT_MS = 180_000

/** how each way starts the bot */
const WAYS = {
  dist: { what: 'node dist/main.js (the production build)', cmd: process.execPath, args: ['dist/main.js'] },
  tsx: { what: 'node --import tsx src/main.ts', cmd: process.execPath, args: ['--import', 'tsx', 'src/main.ts'] },
  npm: { what: 'npm start (npm, then node --import tsx src/main.ts)', cmd: 'npm', args: ['start', '--silent'] },
} as const
type Way = keyof typeof WAYS

interface Proc {
  pid: number
  ppid: number
  rssKiB: number
  args: string
}

function processTable(): Proc[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
  return out
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rssKiB: Number(m[3]), args: m[4] ?? '' }))
}

/** `pid` and every process under it */
function tree(pid: number): Proc[] {
  const all = processTable()
  const out = all.filter((p) => p.pid === pid)
  for (let i = 0; i < out.length; i++) out.push(...all.filter((p) => p.ppid === out[i]!.pid))
  return out
}

const mb = (kib: number) => Math.round((kib * 1024 * 10) / MB) / 10

export interface OneProcess {
  way: Way | 'baseline'
  what: string
  startSeconds: number
  /** the node process that runs the bot */
  botRssMB: number
  /** everything under the started process, wrapper and helpers included */
  totalRssMB: number
  processes: Array<{ rssMB: number; command: string }>
}

async function measureOne(way: Way | 'baseline', idleMs: number, redisUrl: string, baselineDir?: string): Promise<OneProcess> {
  const prefix = `bench-mem-${randomBytes(4).toString('hex')}`
  const w = way === 'baseline' ? { ...WAYS.tsx, what: `node --import tsx src/main.ts in ${baselineDir} (an older checkout, for comparison)` } : WAYS[way]
  const started = Date.now()
  const child = spawn(w.cmd, [...w.args], {
    cwd: way === 'baseline' ? baselineDir : root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      REDIS_URL: redisUrl,
      QUNHQ_PREFIX: prefix,
      LOG_LEVEL: 'info',
    },
  })
  let log = ''
  child.stdout.on('data', (b: Buffer) => (log += b.toString('utf8')))
  child.stderr.on('data', (b: Buffer) => (log += b.toString('utf8')))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  try {
    while (!log.includes('QunHQ is running')) {
      if (child.exitCode !== null) throw new Error(`${w.what} exited ${child.exitCode} before it ran:\n${log.slice(-2000)}`)
      if (Date.now() - started > START_LIMIT_MS) throw new Error(`${w.what} did not run within ${START_LIMIT_MS / 1000} s:\n${log.slice(-2000)}`)
      await sleep(100)
    }
    const startSeconds = (Date.now() - started) / 1000
    await sleep(idleMs)
    const procs = tree(child.pid!)
    const bot = procs.find((p) => /(dist\/main\.js|src\/main\.ts)/.test(p.args) && !p.args.startsWith('sh ')) ?? procs[0]!
    return {
      way,
      what: w.what,
      startSeconds,
      botRssMB: mb(bot.rssKiB),
      totalRssMB: mb(procs.reduce((n, p) => n + p.rssKiB, 0)),
      processes: procs.map((p) => ({ rssMB: mb(p.rssKiB), command: p.args.replace(root + '/', '').slice(0, 120) })),
    }
  } finally {
    // the whole group, as a terminal's Ctrl-C would
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT')
    const stopped = await Promise.race([exited, sleep(30_000).then(() => 'slow' as const)])
    if (stopped === 'slow') process.kill(-child.pid!, 'SIGKILL')
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

export interface AccountsMemoryResult {
  world: string
  idleSeconds: number
  loadBefore: number[]
  loadAfter: number[]
  runs: OneProcess[]
}

export async function measureAccountsMemory(
  opts: {
    idleSeconds?: number
    runs?: number
    redisUrl?: string
    /** a checkout of another commit (with node_modules): its `node --import tsx src/main.ts` is measured too */
    baselineDir?: string
  } = {},
): Promise<AccountsMemoryResult> {
  const idleSeconds = opts.idleSeconds ?? 5
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  if (!existsSync(join(root, 'dist', 'main.js'))) {
    process.stderr.write('accountsMemory: dist/main.js missing, running npm run build…\n')
    const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
    if (r.status !== 0) throw new Error('npm run build failed')
  }
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100)
  const runs: OneProcess[] = []
  for (let i = 0; i < (opts.runs ?? 1); i++) {
    for (const way of Object.keys(WAYS) as Way[]) {
      process.stderr.write(`accountsMemory: ${WAYS[way].what}…\n`)
      runs.push(await measureOne(way, idleSeconds * 1000, redisUrl))
    }
    if (opts.baselineDir) {
      process.stderr.write(`accountsMemory: baseline ${opts.baselineDir}…\n`)
      runs.push(await measureOne('baseline', idleSeconds * 1000, redisUrl, opts.baselineDir))
    }
  }
  return {
    world: 'one account on wechaty-puppet-mock, config/default.yaml, idle',
    idleSeconds,
    loadBefore,
    loadAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    runs,
  }
}

/** one production process serving `accounts` accounts (`node dist/sim/many-accounts.js`), idle and after a flood */
export interface ManyAccountsRow {
  accounts: number
  shared: boolean
  groups: number
  startSeconds: number
  idle: { rssMB: number; heapUsedMB: number; load: number[] }
  flooded: { rssMB: number; peakRssMB: number; messages: number; seconds: number; load: number[] }
  redisConnections?: number
}

/**
 * Issue 23 item 1: RSS of one process of the production build serving 1, 10, 50, 100
 * accounts on the simulated world (3 groups of 50 members each; idle, then a flood of
 * member messages over all groups), its Redis connections (ss), and for comparison the same
 * accounts each with their own connections, model and registry (`--separate`, small counts).
 */
export async function measureManyAccounts(
  opts: { counts?: number[]; separate?: number[]; flood?: number; idleSeconds?: number; redisUrl?: string } = {},
): Promise<{ rows: ManyAccountsRow[]; loadBefore: number[]; loadAfter: number[] }> {
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  if (!existsSync(join(root, 'dist', 'sim', 'many-accounts.js'))) {
    process.stderr.write('accountsMemory: dist/sim/many-accounts.js missing, running npm run build…\n')
    const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
    if (r.status !== 0) throw new Error('npm run build failed')
  }
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100)
  const rows: ManyAccountsRow[] = []
  const runs = [...(opts.counts ?? [1, 10, 50, 100]).map((n) => ({ n, separate: false })), ...(opts.separate ?? [1, 10]).map((n) => ({ n, separate: true }))]
  for (const { n, separate } of runs) {
    process.stderr.write(`accountsMemory: ${n} accounts in one process${separate ? ' (separate connections)' : ''}…\n`)
    const r = spawnSync(
      process.execPath,
      ['dist/sim/many-accounts.js', '--accounts', String(n), '--flood', String(opts.flood ?? 2000), '--idle', String(opts.idleSeconds ?? 5), ...(separate ? ['--separate'] : [])],
      { cwd: root, encoding: 'utf8', env: { ...process.env, REDIS_URL: redisUrl }, maxBuffer: 16 * MB },
    )
    const line = r.stdout.trim().split('\n').at(-1) ?? ''
    if (r.status !== 0 || !line.startsWith('{')) throw new Error(`many-accounts ${n} failed (${r.status}):\n${r.stderr.slice(-2000)}`)
    rows.push(JSON.parse(line) as ManyAccountsRow)
  }
  return { rows, loadBefore, loadAfter: loadavg().map((l) => Math.round(l * 100) / 100) }
}

if (require.main === module) {
  const i = process.argv.indexOf('--baseline')
  const baselineDir = i >= 0 ? process.argv[i + 1] : undefined
  if (process.argv.includes('--many')) printJsonAndExit(measureManyAccounts({ idleSeconds: numberArg('idle'), flood: numberArg('flood') }))
  else printJsonAndExit(measureAccountsMemory({ idleSeconds: numberArg('idle'), runs: numberArg('runs'), ...(baselineDir ? { baselineDir } : {}) }))
}
