import { errorInReply, redisErrorSummary, redisOutageKind } from '../../src/store/redis-errors'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })
const named = (message: string, name: string) => Object.assign(new Error(message), { name })
/** what ioredis throws for a MULTI whose commands Redis refused: EXECABORT, the reasons attached */
const execAbort = (...previous: string[]) =>
  Object.assign(new Error('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: previous.map((m) => new Error(m)) })
const OOM = "OOM command not allowed when used memory > 'maxmemory'."

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
    // MULTI/EXEC: Redis refused the queued commands, EXEC answers EXECABORT; the reason is in previousErrors
    [execAbort(OOM, OOM), 'full'],
    [execAbort("READONLY You can't write against a read only replica."), 'readonly'],
    [execAbort('LOADING Redis is loading the dataset in memory'), 'loading'],
    [execAbort("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."), 'unavailable'],
    // refused for OOM and for a bad command: Redis is still refusing writes (the replay will show the bug)
    [execAbort(OOM, "ERR wrong number of arguments for 'set' command"), 'full'],
    // EXEC itself refused (memory filled between MULTI and EXEC, or a script running): the reason is in the text
    [new Error(`EXECABORT Transaction discarded because of: ${OOM}`), 'full'],
    [new Error('EXECABORT Transaction discarded because of: BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'), 'unavailable'],
    // a script's redis.call refused, as Redis 7 and Redis 6 word it
    [new Error("READONLY You can't write against a read only replica. script: 5ab4, on @user_script:589."), 'readonly'],
    [new Error('ERR Error running script (call to f_1a2b): @user_script:3: LOADING Redis is loading the dataset in memory'), 'loading'],
    [new Error("ERR Error running script (call to f_1a2b): @user_script:3: -MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."), 'unavailable'],
    // ioredis gives up on a command while the connection is down; its previousErrors holds itself
    [(() => {
      const e = named('Reached the max retries per request limit (which is 3).', 'MaxRetriesPerRequestError')
      return Object.assign(e, { previousErrors: [e] })
    })(), 'connection'],
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
    // a transaction refused for a bad command alone is a bug
    [execAbort("ERR wrong number of arguments for 'set' command")],
    [new Error('EXECABORT Transaction discarded because of previous errors.')],
    // a cycle of previous errors ends
    [(() => {
      const e = Object.assign(new Error('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: [] as Error[] })
      e.previousErrors.push(e)
      return e
    })()],
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

  it('the summary of an EXECABORT is the refused command\'s reply, which says what happened', () => {
    expect(redisErrorSummary(execAbort(OOM, OOM))).toBe(OOM)
    expect(redisErrorSummary(execAbort("ERR wrong number of arguments for 'set' command"))).toBe('EXECABORT Transaction discarded because of previous errors.')
  })
})

describe('errors inside a reply', () => {
  const oom = new Error(OOM)
  it.each<[string, unknown, Error | undefined]>([
    // a pipeline resolves with [err, result] pairs: a refused command is an error in its pair
    ['a pipeline with one refused command', [[null, 'OK'], [oom, null], [null, 1]], oom],
    ['a pipeline that went through', [[null, 'OK'], [null, 1]], undefined],
    // a script that returns redis.pcall's error in a table: ioredis puts the error in the array
    ['a script table holding an error', ['ok', [1, oom]], oom],
    ['a plain value', 'OK', undefined],
    ['nothing', null, undefined],
  ])('%s', (_what, reply, expected) => {
    expect(errorInReply(reply)).toBe(expected)
  })
})
