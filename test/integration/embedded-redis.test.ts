import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import IORedis from 'ioredis'
import pino from 'pino'
import { freePort } from '../../src/net/free-port'
import { ensureRedis, RedisUnavailableError } from '../../src/store/embedded-redis'
import { pingRedis } from '../../src/store/redis'
import { readPersistence } from '../../src/store/redis-persistence'
import { REDIS_URL } from '../helpers/scenario'

const logger = pino({ level: 'silent' })

describe('the Redis a newcomer gets', () => {
  it('uses a Redis that answers on the local default', async () => {
    const r = await ensureRedis({ url: undefined, dataDir: 'unused', logger, localUrl: REDIS_URL })
    expect(r.url).toBe(REDIS_URL)
    await r.stop()
  })

  it('starts a private append-only redis-server under the data dir when none answers, and stops it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qunhq-data-'))
    const nobody = `redis://127.0.0.1:${await freePort()}`
    const r = await ensureRedis({ url: undefined, dataDir, logger, localUrl: nobody })
    expect(r.url).not.toBe(nobody)
    const client = new IORedis(r.url)
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes'])
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction'])
    // what the bot reads at start: no persistence warning for its own Redis
    expect((await readPersistence(client)).kind).toBe('aof')
    await client.set('qunhq-probe', '1')
    client.disconnect()
    await r.stop()
    await expect(pingRedis(r.url, 300)).rejects.toBeDefined()
    expect(existsSync(join(dataDir, 'redis'))).toBe(true)
    expect(readdirSync(join(dataDir, 'redis')).some((f) => f.startsWith('appendonly'))).toBe(true)
  })

  it('says clearly when REDIS_URL does not answer', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`
    await expect(ensureRedis({ url, dataDir: 'unused', logger })).rejects.toThrow(RedisUnavailableError)
    await expect(ensureRedis({ url, dataDir: 'unused', logger })).rejects.toThrow(/REDIS_URL does not answer/)
  })
})
