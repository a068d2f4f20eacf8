import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(__dirname, '..', '..')
const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30000,
  })

/** `npm start` with QUNHQ_CONFIG naming a file that holds this YAML (removed afterwards) */
const startWithConfig = (yaml: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'qunhq-'))
  try {
    const file = join(dir, 'config.yaml')
    writeFileSync(file, yaml)
    return start({ QUNHQ_CONFIG: file })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('npm start refuses a bad config before doing anything', () => {
  it('exits 2 and names every bad key, with no stack trace', () => {
    const r = startWithConfig('hq:\n  roomz: []\nrules:\n  nickname:\n    pattern: "(["\noutbound:\n  minIntervalMs: fast\n')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('hq: unknown key(s): roomz')
    expect(r.stderr).toContain('rules.nickname.pattern: invalid regular expression')
    expect(r.stderr).toContain('outbound.minIntervalMs:')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 for a regular expression that can backtrack catastrophically, naming its key', () => {
    const r = startWithConfig('rules:\n  nickname:\n    pattern: "^(a+)+$"\nquestions:\n  patterns: ["[?？]$", "^(\\\\w+\\\\s?)*$"]\n')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('rules.nickname.pattern: pattern can take exponential time')
    expect(r.stderr).toContain('questions.patterns[1]: pattern can take exponential time')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 when a real account is asked for without its token', () => {
    const r = start({ WECHATY_PUPPET: 'wechaty-puppet-service', QUNHQ_CONFIG: join(root, 'config', 'demo.yaml') })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('env.WECHATY_PUPPET_SERVICE_TOKEN: required')
  })

  it('exits 2 for a config file that does not exist', () => {
    const r = start({ QUNHQ_CONFIG: '/nonexistent/qunhq.yaml' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('env.QUNHQ_CONFIG: file not found: /nonexistent/qunhq.yaml')
  })
})
