import IORedis from 'ioredis'
import { runSimCli } from '../../scripts/sim-cli'
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
})
