import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../helpers/run-cli'

/**
 * `npm run -s ads -- check FILE` as an operator runs it on an export: a child process, one
 * JSON line out per line in, in order; bad lines named on stderr and answered in place.
 * Runs on the project's own fixture and the committed model only (no ../shared).
 */

const fixture = (name: string) => `test/fixtures/ads-check/${name}`

// a prefix of its own: check reads the deployment's learned state from the Redis it finds (issue 19), here none
const env = { ...process.env, QUNHQ_PREFIX: `qunhq-test-check-${process.pid}` }
const runCheck = (args: string[]) => runCli('scripts/ads.ts', args, { env })

const parseLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

describe('npm run ads -- check', () => {
  it('answers every line of an export in order, and names the bad ones', async () => {
    const { status, stdout, stderr } = await runCheck(['check', fixture('export.jsonl')])
    const out = parseLines(stdout)
    // 9 lines, one blank: 8 answers
    expect(out).toHaveLength(8)
    expect(out.map((o) => o.verdict ?? 'error')).toEqual(['normal', 'ad', 'review', 'ad', 'ad', 'error', 'error', 'ad'])
    for (const o of out.filter((o) => o.verdict)) {
      expect(Object.keys(o)).toEqual(['verdict', 'score', 'reasons'])
      expect(o.score).toBeGreaterThanOrEqual(0)
      expect(o.score).toBeLessThanOrEqual(1)
    }
    expect(out[0]!.reasons).toEqual([])
    expect(out[1]!.reasons).toContain('联系方式 微信 lucky2026')
    expect(out[2]!.reasons).toContain('邀请私聊 「有意私聊」')
    expect(out[5]).toEqual({ line: 7, error: 'invalid JSON' })
    expect(out[6]).toEqual({ line: 8, error: 'text must be a string' })
    expect(stderr).toContain(`${fixture('export.jsonl')}:7: invalid JSON`)
    expect(stderr).toContain(`${fixture('export.jsonl')}:8: text must be a string`)
    expect(status).toBe(1)
  })

  it('uses --config: an allowed domain is no longer an ad', async () => {
    const { stdout } = await runCheck(['check', fixture('export.jsonl'), '--config', fixture('config.yaml')])
    const out = parseLines(stdout)
    expect(out[3]!.verdict).toBe('normal')
    expect(out[4]!.verdict).toBe('ad')
  })

  it('exits 0 on a clean file and 2 on a bad configuration, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ads-check-'))
    try {
      writeFileSync(join(dir, 'ok.jsonl'), '{"text": "收到"}\n')
      writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  ads:\n    adAt: 2\n')
      const ok = await runCheck(['check', join(dir, 'ok.jsonl')])
      expect(ok.status).toBe(0)
      expect(parseLines(ok.stdout)).toEqual([{ verdict: 'normal', score: expect.any(Number), reasons: [] }])
      const bad = await runCheck(['check', join(dir, 'ok.jsonl'), '--config', join(dir, 'bad.yaml')])
      expect(bad.status).toBe(2)
      expect(bad.stderr).toContain('rules.ads.adAt')
      expect(bad.stdout).toBe('')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('explains its usage', async () => {
    const { status, stderr } = await runCheck(['inspect'])
    expect(status).toBe(2)
    expect(stderr).toContain('usage: npm run -s ads -- check FILE')
  })
})
