import pino from 'pino'
import { processAccounts, tokenVariable } from '../../src/accounts/process-accounts'
import { accountsSchema } from '../../src/config/accounts-schema'
import { envSchema } from '../../src/config/env'
import { createMetrics, mergedMetrics } from '../../src/metrics/metrics'
import type { App } from '../../src/wiring/app-shape'
import { createAccountsHost, type HostedAccount } from '../../src/wiring/accounts-host'

/** an account whose puppet crashes when the test says so */
function fakeAccount(id: string, told: string[], events: string[]) {
  let crash!: (err: Error) => void
  const crashed = new Promise<Error>((done) => (crash = done))
  const app = {
    ctx: { hq: { say: async (text: string) => void told.push(`${id}: ${text}`) } },
    wentOffline: async () => void events.push(`${id} offline`),
  } as unknown as App
  const account: HostedAccount = { app, crashed, stop: async () => void events.push(`${id} stopped`) }
  return { account, crash: (msg: string) => crash(new Error(msg)) }
}

describe('the accounts host (issue 23: several accounts in one process)', () => {
  it('a crashed account is failed over, stopped, HQ told once through another account, restarted after a doubling back-off; the others run on', async () => {
    const told: string[] = []
    const events: string[] = []
    const starts: Record<string, number> = {}
    const live: Record<string, ReturnType<typeof fakeAccount>> = {}
    const waits: number[] = []
    let restarted!: () => void
    const waitsDone = new Promise<void>((done) => (restarted = done))
    const host = createAccountsHost({
      ids: ['a1', 'a2'],
      logger: pino({ level: 'silent' }),
      backoff: { firstMs: 1000, maxMs: 3000 },
      async start(id) {
        starts[id] = (starts[id] ?? 0) + 1
        live[id] = fakeAccount(id, told, events)
        if (id === 'a2' && starts[id] === 4) restarted()
        return live[id].account
      },
      async delay(ms) {
        waits.push(ms)
      },
    })
    await host.start()
    expect([...host.running().keys()]).toEqual(['a1', 'a2'])
    // a2 crashes three times in a row: waits 1 s, 2 s, then the cap of 3 s
    for (let i = 0; i < 3; i++) {
      const before = starts.a2
      live.a2!.crash('puppet gone')
      while (starts.a2 === before) await new Promise((r) => setImmediate(r))
    }
    await waitsDone
    expect(waits).toEqual([1000, 2000, 3000])
    expect(starts).toEqual({ a1: 1, a2: 4 })
    expect(host.crashes('a2')).toBe(3)
    expect(host.crashes('a1')).toBe(0)
    // each crash: its groups failed over before it stopped, and one line to HQ, said by a1
    expect(events.filter((e) => e.startsWith('a2'))).toEqual(['a2 offline', 'a2 stopped', 'a2 offline', 'a2 stopped', 'a2 offline', 'a2 stopped'])
    expect(told).toHaveLength(3)
    expect(told.every((t) => t.startsWith('a1: ⚠️ 账号 a2 的微信连接崩溃（puppet gone）'))).toBe(true)
    expect(told[2]).toContain('第 3 次重启')
    await host.stop()
    expect(events.filter((e) => e === 'a1 stopped')).toHaveLength(1)
    expect(host.running().size).toBe(0)
  })

  it('an account that cannot start does not keep the others from starting; it is retried', async () => {
    const attempts: string[] = []
    let retried!: () => void
    const again = new Promise<void>((done) => (retried = done))
    const host = createAccountsHost({
      ids: ['a1', 'a2', 'a3'],
      logger: pino({ level: 'silent' }),
      async start(id) {
        attempts.push(id)
        if (id === 'a2' && attempts.filter((a) => a === 'a2').length === 1) throw new Error('puppet service unreachable')
        if (id === 'a2') retried()
        return fakeAccount(id, [], []).account
      },
      delay: async () => undefined,
    })
    await host.start()
    await again
    expect(attempts.filter((a) => a === 'a2')).toHaveLength(2)
    expect([...host.running().keys()].sort()).toEqual(['a1', 'a2', 'a3'])
    await host.stop()
  })
})

describe('which accounts a process runs', () => {
  const env = (vars: Record<string, string>) => envSchema.parse(vars)
  const accounts = (list: unknown[] = []) => accountsSchema.parse({ list })

  it('QUNHQ_ACCOUNTS, each with its own token (variable or tokens file)', () => {
    const vars = { WECHATY_PUPPET: 'wechaty-puppet-service', QUNHQ_ACCOUNTS: 'a1, a-2', QUNHQ_TOKENS_FILE: '/etc/qunhq/tokens', [tokenVariable('a1')]: 'puppet_tok_a1' }
    const r = processAccounts({ env: env(vars), vars, accounts: accounts(), hostname: 'm1', readFile: () => '# tokens\na-2 = puppet_tok_a2\n' })
    expect(r).toEqual({ ids: ['a1', 'a-2'], tokens: new Map([['a-2', 'puppet_tok_a2'], ['a1', 'puppet_tok_a1']]) })
    expect(tokenVariable('a-2')).toBe('WECHATY_PUPPET_SERVICE_TOKEN_A_2')
  })

  it('accounts.list entries whose host is this machine; a missing token or an unlisted account is refused by name', () => {
    const list = [{ id: 'a1', host: 'm1' }, { id: 'a2', host: 'm2' }, { id: 'a3', host: 'm1' }]
    const vars = { WECHATY_PUPPET: 'wechaty-puppet-mock' }
    expect(processAccounts({ env: env(vars), vars, accounts: accounts(list), hostname: 'm1', readFile: () => undefined })).toEqual({ ids: ['a1', 'a3'], tokens: new Map() })
    expect(processAccounts({ env: env(vars), vars, accounts: accounts(list), hostname: 'm9', readFile: () => undefined })).toBeUndefined()
    const bad = { WECHATY_PUPPET: 'wechaty-puppet-service', QUNHQ_ACCOUNTS: 'a1,a9' }
    const r = processAccounts({ env: env(bad), vars: bad, accounts: accounts(list), hostname: 'm1', readFile: () => undefined })
    expect(r).toEqual({
      problems: [
        'env.QUNHQ_ACCOUNTS: "a9" is not in accounts.list (a1, a2, a3)',
        expect.stringContaining('env.WECHATY_PUPPET_SERVICE_TOKEN_A1: required for account a1'),
        expect.stringContaining('env.WECHATY_PUPPET_SERVICE_TOKEN_A9: required for account a9'),
      ],
    })
  })
})

describe('one /metrics for the accounts of a process', () => {
  it("each account's series labelled with its account, one HELP per metric", async () => {
    const a1 = createMetrics({ account: 'a1' })
    const a2 = createMetrics({ account: 'a2' })
    a1.messageHandled('group')
    a1.messageHandled('group')
    a2.messageHandled('group')
    const text = await mergedMetrics(() => [a1, a2]).metrics()
    expect(text).toContain('qunhq_messages_handled_total{kind="group",account="a1"} 2')
    expect(text).toContain('qunhq_messages_handled_total{kind="group",account="a2"} 1')
    expect(text.match(/# HELP qunhq_messages_handled_total/g)).toHaveLength(1)
  })
})
