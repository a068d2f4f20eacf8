import { redisErrorSummary, redisOutageKind } from '../../src/store/redis-errors'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const named = (message: string, name: string) => Object.assign(new Error(message), { name })

describe('Redis outage errors', () => {
  it.each([
    [new Error("OOM command not allowed when used memory > 'maxmemory'."), 'full'],
    [new Error("OOM command not allowed when used memory > 'maxmemory'. script: d96ca626f1ea141b44a856b312fc636d99aa9ea9, on @user_script:217."), 'full'],
    [new Error("ERR Error running script (call to f_1a2b): @user_script:12: OOM command not allowed when used memory > 'maxmemory'"), 'full'],
    [new Error("READONLY You can't write against a read only replica."), 'readonly'],
    [new Error('LOADING Redis is loading the dataset in memory'), 'loading'],
    [new Error('MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk.'), 'disk'],
    [new Error('BUSY Redis is busy running a script.'), 'unavailable'],
    [withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'), 'connection'],
    [withCode('read ECONNRESET', 'ECONNRESET'), 'connection'],
    [new Error('Connection is closed.'), 'connection'],
    [new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'connection'],
    [named('Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.', 'MaxRetriesPerRequestError'), 'connection'],
    // a Redis Cluster: a master failing over, or no node reachable
    [new Error('CLUSTERDOWN The cluster is down'), 'unavailable'],
    [new Error('TRYAGAIN Multiple keys request during rehashing of slot'), 'unavailable'],
    [named('Failed to refresh slots cache.', 'ClusterAllFailedError'), 'connection'],
    [new Error('None of startup nodes is available'), 'connection'],
    [new Error("Cluster isn't ready and enableOfflineQueue options is false"), 'connection'],
    // an error from another realm (Node's net inside jest) is a plain object to instanceof
    [{ message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ECONNREFUSED' }, 'connection'],
  ])('%s is an outage: %s', (err, kind) => {
    expect(redisOutageKind(err)).toBe(kind)
  })

  it.each([
    [new Error('WRONGTYPE Operation against a key holding the wrong kind of value')],
    [new Error('ERR unknown command `CONFIG`, with args beginning with: `GET`, `appendonly`, ')],
    [new Error('no handler for control job x')],
    [new Error('Missing key for job 12. moveToFinished')],
    ['OOM as a string is not an error'],
    [undefined],
  ])('%s is not an outage', (err) => {
    expect(redisOutageKind(err)).toBeUndefined()
  })

  it.each([
    ["OOM command not allowed when used memory > 'maxmemory'. script: d96ca626f1ea141b44a856b312fc636d99aa9ea9, on @user_script:217.", "OOM command not allowed when used memory > 'maxmemory'."],
    ["ERR Error running script (call to f_1a2b): @user_script:12: OOM command not allowed when used memory > 'maxmemory'", "OOM command not allowed when used memory > 'maxmemory'"],
    ['LOADING Redis is loading the dataset in memory\nlocal rcall = redis.call\nlocal jobId = ARGV[1]', 'LOADING Redis is loading the dataset in memory'],
    ['x'.repeat(500), `${'x'.repeat(159)}…`],
  ])('the summary of %j is one short line without the script', (message, summary) => {
    expect(redisErrorSummary(new Error(message))).toBe(summary)
  })
})
