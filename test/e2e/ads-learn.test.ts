import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import IORedis from 'ioredis'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { createLabelledTexts, LABELLED_BATCH } from '../../src/store/labelled-texts'
import { runCli as runCliWithin } from '../helpers/run-cli'

/** a child tsx process starts in seconds on a quiet machine, in a minute at a load of 25: the ceiling is not the measure */
const runCli = (script: string, args: string[], opts: Parameters<typeof runCliWithin>[2] = {}) => runCliWithin(script, args, { timeoutMs: 240_000, ...opts })
import { REDIS_URL } from '../helpers/scenario'

/**
 * `npm run -s ads -- learn FILE` and `check FILE` as an operator runs them: child processes
 * on the test Redis, each test on its own prefix (QUNHQ_PREFIX), the deployment found as the
 * bot finds it (REDIS_URL, QUNHQ_PREFIX). The files are the project's own invented examples.
 */

const fixture = (name: string) => `test/fixtures/ads-learn/${name}`
const repoRoot = resolve(__dirname, '..', '..')

type Answer = { verdict?: string; score?: number; reasons?: string[]; line?: number; error?: string }
const answers = (stdout: string): Answer[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Answer)

describe('npm run ads -- learn / check on a real Redis', () => {
  // several CLI runs per test, each a child process: the ceiling of the whole test, not a measure
  jest.setTimeout(600_000)
  let prefix: string
  let env: NodeJS.ProcessEnv
  let dir: string
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    env = { ...process.env, REDIS_URL, QUNHQ_PREFIX: prefix }
    delete env.QUNHQ_CONFIG
    dir = mkdtempSync(join(tmpdir(), 'ads-learn-'))
  })
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true })
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })
  const count = async () => {
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
    try {
      return await createLabelledTexts(redis, createKeys(prefix), () => undefined).count()
    } finally {
      redis.disconnect()
    }
  }

  it('what a deployment taught changes the verdicts check gives, and check says what it used', async () => {
    const before = await runCli('scripts/ads.ts', ['check', fixture('minecraft-check.jsonl')], { env })
    expect(before.status).toBe(0)
    expect(before.stderr).toContain(`learned examples: 0 (prefix ${prefix})`)
    // cheat-client sales, a kind of ad the shipped model never saw: ordinary to it
    expect(answers(before.stdout).map((a) => a.verdict)).toEqual(['normal', 'normal', 'normal', 'normal', 'normal'])

    const learned = await runCli('scripts/ads.ts', ['learn', fixture('minecraft-labelled.jsonl')], { env })
    expect(learned.stdout).toContain('28 added, 0 relabelled, 0 duplicates, 0 refused')
    expect(learned.stdout).toContain(`labelled store: 28 examples (prefix ${prefix})`)
    expect(learned.status).toBe(0)

    const after = await runCli('scripts/ads.ts', ['check', fixture('minecraft-check.jsonl')], { env })
    expect(after.status).toBe(0)
    expect(after.stderr).toContain(`learned examples: 28 (prefix ${prefix}`)
    const verdicts = answers(after.stdout).map((a) => a.verdict)
    // the three sales are caught now (a near-copy of a taught one, and two the learned model reads as ads) …
    expect(verdicts.slice(0, 3).every((v) => v === 'ad' || v === 'review')).toBe(true)
    expect(verdicts.slice(0, 3).filter((v) => v === 'ad').length).toBeGreaterThanOrEqual(2)
    // … and the server's own chat still passes
    expect(verdicts.slice(3)).toEqual(['normal', 'normal'])

    // learning the same file again adds nothing
    const again = await runCli('scripts/ads.ts', ['learn', fixture('minecraft-labelled.jsonl')], { env })
    expect(again.stdout).toContain('0 added, 0 relabelled, 28 duplicates, 0 refused')
  })

  it('with no Redis answering, check uses the shipped model alone and says so', async () => {
    const none = await runCli('scripts/ads.ts', ['check', fixture('minecraft-check.jsonl')], { env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' } })
    expect(none.status).toBe(0)
    expect(none.stderr).toMatch(/REDIS_URL does not answer .*: the shipped model alone, nothing learned/)
    expect(answers(none.stdout)).toHaveLength(5)
  })

  it('names each bad line, puts the rest in, and exits 1', async () => {
    const file = join(dir, 'history.jsonl')
    writeFileSync(
      file,
      [
        '{"text": "出水影客户端永久版，稳定不封号", "label": "ad", "group": "mc1"}',
        '{"text": "今晚服务器几点维护", "label": "normal"}',
        'this is not JSON',
        '{"text": "起床战争来人", "label": "spam"}',
        '',
        '{"label": "ad"}',
        '{"text": "😀😀", "label": "ad"}',
        '{"text": "有人开黑吗 空岛生存", "label": "normal"}',
      ].join('\n'),
    )
    const { status, stdout, stderr } = await runCli('scripts/ads.ts', ['learn', file], { env })
    expect(stderr).toContain(`${file}:3: invalid JSON`)
    expect(stderr).toContain(`${file}:4: label must be "ad" or "normal"`)
    expect(stderr).toContain(`${file}:6: text must be a string`)
    expect(stderr).toContain(`${file}:7: text has no letters or digits`)
    expect(stdout).toContain('3 added, 0 relabelled, 0 duplicates, 4 refused (lines 3, 4, 6, 7)')
    expect(status).toBe(1)
    expect(await count()).toBe(3)
  })

  it('reads CSV with a text and a label column, quotes and line breaks inside a text', async () => {
    const file = join(dir, 'export.csv')
    writeFileSync(file, 'id,label,text\n1,ad,"水影暴力配置, 稳定不封 ""内部"""\n2,normal,"今晚维护吗\n几点开服"\n3,ad\n4,normal,谁有多的钻石镐\n')
    const { status, stdout, stderr } = await runCli('scripts/ads.ts', ['learn', file], { env })
    expect(stderr).toContain(`${file}:5: expected 3 columns, found 2`)
    expect(stdout).toContain('3 added, 0 relabelled, 0 duplicates, 1 refused (lines 5)')
    expect(status).toBe(1)
  })

  it('Ctrl-C in the middle of an import leaves whole batches only', async () => {
    const lines = 50_000
    const file = join(dir, 'big.jsonl')
    const rows: string[] = []
    // distinct texts as the store compares them (digits count as one, and Latin letters may
    // spell 微信 another way: Chinese characters tell them apart)
    const signs = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬'
    const name = (n: number) => Array.from(n.toString(26), (d) => signs[parseInt(d, 26)]).join('')
    for (let i = 0; i < lines; i++) rows.push(JSON.stringify({ text: `样本${name(i)}的内容`, label: i % 3 ? 'normal' : 'ad' }))
    writeFileSync(file, rows.join('\n'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ads.ts', 'learn', file], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
    // the first batch is in: interrupt
    const end = Date.now() + 60_000
    while ((await count()) === 0) {
      if (Date.now() > end) throw new Error('no batch arrived within 60 s')
      await new Promise((r) => setTimeout(r, 20))
    }
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    const held = await count()
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThan(lines)
    expect(held % LABELLED_BATCH).toBe(0)
    expect(stdout).toMatch(new RegExp(`stopped by Ctrl-C after ${held.toLocaleString('en-US')} of 50,000 examples`))
  })
})
