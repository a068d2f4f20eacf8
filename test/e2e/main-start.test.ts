import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readStartupConfig } from '../../src/wiring/startup-config'
import { runCli } from '../helpers/run-cli'

const root = join(__dirname, '..', '..')
/** `npm start` as a child process, awaited until it exits (spawnSync's 30 s timed out at load 17) */
const start = (env: Record<string, string>) => runCli('src/main.ts', [], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } })

/** `npm start` with QUNHQ_CONFIG naming a file that holds this YAML (removed afterwards) */
const startWithConfig = async (yaml: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'qunhq-'))
  try {
    const file = join(dir, 'config.yaml')
    writeFileSync(file, yaml)
    return await start({ QUNHQ_CONFIG: file })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A refusal is what main.ts writes to stderr before it exits 2. The first case starts the real
 * process (exit status, stderr, no stack trace); the others check the refusal in-process
 * (readStartupConfig, the same function main.ts calls), without seconds of tsx start-up each.
 */
const refusalFor = (env: Record<string, string>, read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined)) => {
  const startup = readStartupConfig(env, read)
  return 'refusal' in startup ? startup.refusal : undefined
}

describe('npm start refuses a bad config before doing anything', () => {
  it('exits 2 and names every bad key, with no stack trace', async () => {
    const r = await startWithConfig('hq:\n  roomz: []\nrules:\n  nickname:\n    pattern: "(["\noutbound:\n  minIntervalMs: fast\n')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('hq: unknown key(s): roomz')
    expect(r.stderr).toContain('rules.nickname.pattern: invalid regular expression')
    expect(r.stderr).toContain('outbound.minIntervalMs:')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses a regular expression that can backtrack catastrophically, naming its key', () => {
    const yaml = 'rules:\n  nickname:\n    pattern: "^(a+)+$"\nquestions:\n  patterns: ["[?？]$", "^(\\\\w+\\\\s?)*$"]\n'
    const refusal = refusalFor({ QUNHQ_CONFIG: '/qunhq-test/config.yaml' }, (path) => (path === '/qunhq-test/config.yaml' ? yaml : undefined))
    expect(refusal).toContain('rules.nickname.pattern: pattern can take exponential time')
    expect(refusal).toContain('questions.patterns[1]: pattern can take exponential time')
    expect(refusal).not.toMatch(/\n\s+at /)
  })

  it('refuses a real account asked for without its token', () => {
    const refusal = refusalFor({ WECHATY_PUPPET: 'wechaty-puppet-service', QUNHQ_CONFIG: join(root, 'config', 'demo.yaml') })
    expect(refusal).toContain('env.WECHATY_PUPPET_SERVICE_TOKEN: required')
  })

  it('refuses an ADMIN_TOKEN shorter than 32 characters, naming ADMIN_TOKEN and not echoing it', () => {
    const refusal = refusalFor({ ADMIN_TOKEN: 'admin123', QUNHQ_CONFIG: join(root, 'config', 'demo.yaml') })
    expect(refusal).toMatch(/^\s+env\.ADMIN_TOKEN: too short: at least 32 characters/m)
    expect(refusal).not.toContain('admin123')
  })

  it('refuses a config file that does not exist', () => {
    const refusal = refusalFor({ QUNHQ_CONFIG: '/nonexistent/qunhq.yaml' })
    expect(refusal).toContain('env.QUNHQ_CONFIG: file not found: /nonexistent/qunhq.yaml')
  })

  it('starts with a good config: no refusal', () => {
    expect(refusalFor({ QUNHQ_CONFIG: join(root, 'config', 'demo.yaml') })).toBeUndefined()
  })
})
