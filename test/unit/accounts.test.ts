import { accountOutbound, warmupCap } from '../../src/accounts/account-outbound'
import { accountEnvProblems } from '../../src/config/accounts-schema'
import { parseConfigObject } from '../../src/config/load-config'
import { parseCommand } from '../../src/core/commands/parse-command'
import { hqCommandLookup } from '../helpers/hq-commands'

const DAY = 86_400_000

describe('accounts', () => {
  it.each([
    [0, 600],
    [DAY * 3.5, 1800],
    [DAY * 7, 3000],
    [DAY * 30, 3000],
  ])('a new account warms up: %d ms old → cap %d of 3000', (age, cap) => {
    expect(warmupCap(3000, age, 7, 0.2)).toBe(cap)
  })

  it('gives each account its own pacing and cap over outbound, warm-up applied once it has an age', () => {
    const config = parseConfigObject({ outbound: { minIntervalMs: 3000, dailyCap: 1000 }, accounts: { list: [{ id: 'a1' }, { id: 'a2', minIntervalMs: 5000, dailyCap: 500 }] } })
    expect(accountOutbound(config, 'a2', undefined)).toMatchObject({ minIntervalMs: 5000, dailyCap: 500 })
    expect(accountOutbound(config, 'a1', 0)).toMatchObject({ minIntervalMs: 3000, dailyCap: 200 })
    expect(accountOutbound(config, 'a1', 7 * DAY).dailyCap).toBe(1000)
  })

  it('refuses a bad accounts section and a QUNHQ_ACCOUNT not listed', () => {
    expect(() => parseConfigObject({ accounts: { list: [{ id: 'a1' }, { id: 'a1' }] } })).toThrow(/accounts.list: an account id is listed twice/)
    expect(() => parseConfigObject({ accounts: { list: [{ id: 'a:1' }] } })).toThrow(/accounts.list\[0\].id/)
    const accounts = parseConfigObject({ accounts: { list: [{ id: 'a1' }, { id: 'a2' }] } }).accounts
    expect(accountEnvProblems(accounts, 'a2')).toEqual([])
    expect(accountEnvProblems(accounts, 'a3')).toEqual(['env.QUNHQ_ACCOUNT: "a3" is not in accounts.list (a1, a2)'])
    expect(accountEnvProblems(accounts, undefined)).toEqual(['env.QUNHQ_ACCOUNT: required with accounts.list (one of a1, a2)'])
    expect(accountEnvProblems(parseConfigObject({}).accounts, undefined)).toEqual([])
  })

  it.each([
    ['#账号', { kind: 'ok', command: { name: 'accounts' } }],
    ['/accounts back a1', { kind: 'ok', command: { name: 'accounts', back: 'a1' } }],
    ['#账号 回切 a1', { kind: 'ok', command: { name: 'accounts', back: 'a1' } }],
  ])('parses %s', (text, parsed) => {
    expect(parseCommand(text, hqCommandLookup)).toEqual(parsed)
  })

  it.each(['#账号 回切', '#账号 切回 a1', '#账号 回切 a1 a2'])('answers %s with the usage', (text) => {
    const parsed = parseCommand(text, hqCommandLookup)
    expect(parsed.kind).toBe('error')
    expect(parsed.kind === 'error' && parsed.message).toMatch(/用法: #账号 \| #账号 回切 <账号>/)
  })
})
