import { randomBytes } from 'node:crypto'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { createActivityStore } from '../../src/store/activity-store'
import { createRedisFactory, type RedisFactory } from '../../src/store/redis'
import { redisOutageKind, type RedisOutageKind } from '../../src/store/redis-errors'
import { waitFor } from '../helpers/outbound'
import { privateRedis } from '../helpers/private-redis'

/**
 * Every reply Redis gives because it cannot take our writes, produced on a redis-server of
 * the test's own and met the ways the bot meets it: a plain command, a MULTI/EXEC (a
 * refused command turns EXEC into `EXECABORT Transaction discarded because of previous
 * errors`, the real reason is only in ioredis' `previousErrors`), a script (`redis.call`
 * inside it), a pipeline (ioredis resolves it with [err, result] pairs: a store must not
 * take that as done), and a BullMQ add (a Lua script). Each must read as an outage of its
 * kind, so the event hold keeps the message instead of the error boundary logging it lost.
 */

type Op = 'command' | 'multi' | 'script' | 'pipeline' | 'bullmq'
const OPS: Op[] = ['command', 'multi', 'script', 'pipeline', 'bullmq']

/** what each way of writing throws on this Redis, classified; `no error` when the write went through */
async function classifyWrites(client: Redis, only: readonly Op[] = OPS): Promise<Record<string, string>> {
  const prefix = `qunhq-replies-${randomBytes(3).toString('hex')}`
  const queue = new Queue('q', { connection: client, prefix })
  queue.on('error', () => undefined)
  const activity = createActivityStore({ redis: client, prefix, timeZone: () => 'Asia/Shanghai', now: Date.now })
  const writes: Record<Op, () => Promise<unknown>> = {
    command: () => client.set(`${prefix}:a`, '1'),
    multi: () => client.multi().incr(`${prefix}:n`).expire(`${prefix}:n`, 60).exec(),
    script: () => client.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, `${prefix}:s`, '1'),
    // a store's pipeline (the rooms the bot watches, at login)
    pipeline: () => activity.markWatched(['g1@chatroom', 'g2@chatroom'], Date.now()),
    bullmq: () => queue.add('j', { n: 1 }),
  }
  // all at once, as a burst of messages meets them; a write that never settles shows as `no answer`
  const answers = await Promise.all(
    only.map(async (op) => {
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'no answer'>((done) => (timer = setTimeout(() => done('no answer'), 30_000)))
      const answer = await Promise.race([
        writes[op]().then(
          () => 'no error' as const,
          (err: unknown) => redisOutageKind(err) ?? ('not an outage' as const),
        ),
        late,
      ])
      clearTimeout(timer)
      return [op, answer] as const
    }),
  )
  await queue.close().catch(() => undefined)
  return Object.fromEntries(answers)
}

const every = (kind: RedisOutageKind, ops: readonly Op[] = OPS) => Object.fromEntries(ops.map((op) => [op, kind]))

describe('what Redis says when it cannot write, met as the bot meets it', () => {
  let factory: RedisFactory | undefined
  /** our own client (the options every store has), connected */
  const connect = async (url: string) => {
    factory = createRedisFactory(url)
    const client = factory.client()
    await client.ping()
    return client
  }

  it('OOM (maxmemory, noeviction): every way of writing is an outage "full"', async () => {
    const redis = await privateRedis(['--maxmemory', String(2 * 1024 * 1024), '--maxmemory-policy', 'noeviction', '--appendonly', 'no', '--save', ''])
    try {
      const client = await connect(redis.url)
      await redis.admin.setrange('filler', 2 * 1024 * 1024, 'x').catch(() => undefined)
      expect(await classifyWrites(client)).toEqual(every('full'))
      // a transaction refused for OOM *and* a bad command is still Redis refusing writes …
      const mixed = await client.multi().incr('n').call('SET', 'only-a-key').exec().catch((e: unknown) => e)
      expect((mixed as Error).message).toMatch(/^EXECABORT/)
      expect(redisOutageKind(mixed)).toBe('full')
      // … but once Redis has room, a bad command alone is a bug, not an outage
      await redis.admin.del('filler')
      const bad = await client.multi().incr('n').call('SET', 'only-a-key').exec().catch((e: unknown) => e)
      expect((bad as Error).message).toMatch(/^EXECABORT/)
      expect(redisOutageKind(bad)).toBeUndefined()
    } finally {
      await factory?.closeAll()
      await redis.stop()
    }
  })

  it('READONLY (a replica, as after a failover that left us on the old master): an outage "readonly"', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', ''])
    try {
      const client = await connect(redis.url)
      // a master nobody answers on: the server turns replica and refuses writes
      await redis.admin.replicaof('127.0.0.1', '1')
      expect(await classifyWrites(client)).toEqual(every('readonly'))
    } finally {
      await factory?.closeAll()
      await redis.stop()
    }
  })

  it('MASTERDOWN (a replica cut off from its master, replica-serve-stale-data no): reads too are an outage', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', ''])
    try {
      const client = await connect(redis.url)
      await redis.admin.config('SET', 'replica-serve-stale-data', 'no')
      await redis.admin.replicaof('127.0.0.1', '1')
      const read = await client.get('a').catch((e: unknown) => e)
      expect((read as Error).message).toMatch(/^MASTERDOWN/)
      expect(redisOutageKind(read)).toBe('unavailable')
      const tx = await client.multi().get('a').exec().catch((e: unknown) => e)
      expect((tx as Error).message).toMatch(/^EXECABORT/)
      expect(redisOutageKind(tx)).toBe('unavailable')
      // writes: whichever refusal Redis gives first, it is an outage
      for (const kind of Object.values(await classifyWrites(client))) expect(['unavailable', 'readonly']).toContain(kind)
    } finally {
      await factory?.closeAll()
      await redis.stop()
    }
  })

  it('BUSY (a script running past busy-reply-threshold): an outage "unavailable"', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', '', '--busy-reply-threshold', '50'])
    const runner = redis.admin.duplicate()
    runner.on('error', () => undefined)
    let busy: Promise<unknown> | undefined
    try {
      const client = await connect(redis.url)
      // runs until the test kills it (SCRIPT KILL works on a script that has not written), 60 s at most
      busy = runner.eval("local t = redis.call('TIME')[1] while redis.call('TIME')[1] - t < 60 do end", 0).catch((e: unknown) => e)
      await waitFor(async () => /^BUSY/.test(String(await redis.admin.ping().catch((e: Error) => e.message))), 10000)
      expect(await classifyWrites(client)).toEqual(every('unavailable'))
    } finally {
      // a Redis running a script hears no SIGTERM
      await redis.admin.script('KILL').catch(() => undefined)
      await busy
      runner.disconnect()
      await factory?.closeAll()
      await redis.stop()
    }
  })

  it('LOADING (Redis loading its dataset after a restart): an outage "loading"', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', '', '--enable-debug-command', 'yes'])
    const reloader = redis.admin.duplicate()
    reloader.on('error', () => undefined)
    try {
      const client = await connect(redis.url)
      // a dataset that takes seconds to load (1 ms a key), answering clients while it loads
      await redis.admin.call('DEBUG', 'POPULATE', '20000')
      await redis.admin.config('SET', 'key-load-delay', '1000')
      await redis.admin.config('SET', 'loading-process-events-interval-bytes', '1024')
      const reload = reloader.call('DEBUG', 'RELOAD').catch((e: unknown) => e)
      await waitFor(async () => /loading:1/.test(await redis.admin.info('persistence')), 10000)
      expect(await classifyWrites(client)).toEqual(every('loading'))
      await redis.admin.config('SET', 'key-load-delay', '0')
      await reload
    } finally {
      reloader.disconnect()
      await factory?.closeAll()
      await redis.stop()
    }
  })

  it('a closed connection (Redis gone): an outage "connection"', async () => {
    const redis = await privateRedis(['--appendonly', 'no', '--save', ''])
    try {
      const client = await connect(redis.url)
      await redis.stop()
      // (a BullMQ add waits for the connection to come back instead of failing: not lost, late)
      const ops = OPS.filter((op) => op !== 'bullmq')
      expect(await classifyWrites(client, ops)).toEqual(every('connection', ops))
    } finally {
      await factory?.closeAll()
    }
  })
})
