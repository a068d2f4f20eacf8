import { execFileSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { checkRegexNow, regexAgentState, stopRegexAgent } from '../../src/config/regex-agent'

/** recheck agent processes under this (jest worker) process */
const agents = () =>
  execFileSync('ps', ['-e', '-o', 'ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && Number(m[1]) === process.pid && (m[2] ?? '').includes('recheck'))
    .map((m) => m[2] ?? '')

async function untilNoAgent(): Promise<void> {
  // a limit on waiting for the work, not a speed assertion
  const limit = Date.now() + 30_000
  while (agents().length > 0) {
    if (Date.now() > limit) throw new Error(`agent still running: ${agents().join('; ')}`)
    await sleep(50)
  }
}

describe('the pattern checker runs only while patterns are checked', () => {
  afterAll(() => stopRegexAgent())

  it('answers synchronously, ends its thread and agent when stopped, and starts again for the next check', async () => {
    const before = regexAgentState().started
    const bad = checkRegexNow('^(a+)+$', 'u', { timeout: 2000 })
    expect(bad.status).toBe('vulnerable')
    expect(regexAgentState()).toEqual({ running: true, started: before + 1 })
    // a second check in the same stretch uses the same thread
    expect(checkRegexNow('^[a-z]+$', 'u', { timeout: 2000 }).status).toBe('safe')
    expect(regexAgentState().started).toBe(before + 1)

    stopRegexAgent()
    expect(regexAgentState().running).toBe(false)
    await untilNoAgent()

    expect(checkRegexNow('^(a|a)*$', 'u', { timeout: 2000 }).status).toBe('vulnerable')
    expect(regexAgentState()).toEqual({ running: true, started: before + 2 })
  })

  it('ends on its own once no check has been asked for a while', async () => {
    checkRegexNow('^(x+x+)+y$', 'u', { timeout: 2000 })
    expect(regexAgentState().running).toBe(true)
    const limit = Date.now() + 30_000
    while (regexAgentState().running) {
      if (Date.now() > limit) throw new Error('the checker thread did not end')
      await sleep(50)
    }
    await untilNoAgent()
  })

  it('answers what recheck answers for a pattern it cannot parse', () => {
    const d = checkRegexNow('(', 'u', { timeout: 2000 })
    expect(d.status).toBe('unknown')
  })
})
