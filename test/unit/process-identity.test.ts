import { holderGone, type ProcessIdentity } from '../../src/accounts/process-identity'

/** Who may take an account's lease at once (issue 17): a holder known gone, judged from this process. */
describe('holderGone', () => {
  const me: ProcessIdentity = { host: 'h1', pid: 100, pidns: 'pid:[1]', token: 'mine' }
  const probe = (alivePids: number[], liveTokens: string[]) => ({ alive: (pid: number) => alivePids.includes(pid), live: (t: string) => liveTokens.includes(t) })
  it.each([
    ['another pid of this host that no longer runs', { host: 'h1', pid: 7, pidns: 'pid:[1]', token: 'x' }, probe([], []), true],
    ['another pid of this host that runs', { host: 'h1', pid: 7, pidns: 'pid:[1]', token: 'x' }, probe([7], []), false],
    ['this pid, an app instance of this process that died (a restart in the simulator, or the process before us with our pid)', { host: 'h1', pid: 100, pidns: 'pid:[1]', token: 'old' }, probe([100], []), true],
    ['this pid, a live app instance of this process', { host: 'h1', pid: 100, pidns: 'pid:[1]', token: 'other' }, probe([100], ['other']), false],
    ['another host: not known', { host: 'h2', pid: 7, pidns: 'pid:[1]', token: 'x' }, probe([], []), false],
    ['another container of this host (pid namespace): not known', { host: 'h1', pid: 100, pidns: 'pid:[2]', token: 'x' }, probe([], []), false],
  ])('%s', (_what, holder, p, gone) => {
    expect(holderGone(holder, me, p)).toBe(gone)
  })
})
