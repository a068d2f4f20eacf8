import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createEntryChannels } from '../../src/store/entry-channels'
import { createKeys, ttlMsOf, type Keys } from '../../src/store/keys'
import { REDIS_URL } from '../helpers/scenario'

/** The channel mark the entry gate writes before an invite and analytics takes at the join. */
describe('entry channels on a real Redis', () => {
  let prefix: string
  let redis: Redis
  let keys: Keys
  const refused: string[] = []
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
    keys = createKeys(prefix)
    refused.length = 0
  })
  afterEach(async () => {
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })
  const make = () => createEntryChannels(redis, keys, (key) => void refused.push(key))

  it('a mark is taken once, per room and contact, and lives 14 days', async () => {
    const channels = make()
    await channels.mark('g1@chatroom', 'wxid_a', 'keyword:读书会')
    await channels.mark('g2@chatroom', 'wxid_a', 'code')
    const ttl = await redis.pttl(keys.joinChannel('g1@chatroom', 'wxid_a'))
    expect(ttl).toBeGreaterThan(ttlMsOf('joinChannel') - 60_000)
    expect(ttl).toBeLessThanOrEqual(14 * 86_400_000)
    expect(await channels.take('g1@chatroom', 'wxid_a')).toBe('keyword:读书会')
    expect(await channels.take('g1@chatroom', 'wxid_a')).toBeUndefined()
    expect(await channels.take('g2@chatroom', 'wxid_a')).toBe('code')
    expect(await channels.take('g1@chatroom', 'wxid_b')).toBeUndefined()
  })

  it('a first member of a group being created is marked by its topic, taken once, for a day', async () => {
    const channels = make()
    await channels.markNewRoom('北京读书会2群', 'wxid_a', 'keyword:读书会')
    expect(await channels.take('北京读书会2群', 'wxid_a')).toBeUndefined() // not a room id
    expect(await channels.takeNewRoom('北京读书会3群', 'wxid_a')).toBeUndefined()
    const [key] = await redis.keys(`${prefix}:join-channel-new:*`)
    expect(await redis.pttl(key!)).toBeLessThanOrEqual(ttlMsOf('joinChannelNew'))
    expect(await channels.takeNewRoom('北京读书会2群', 'wxid_a')).toBe('keyword:读书会')
    expect(await channels.takeNewRoom('北京读书会2群', 'wxid_a')).toBeUndefined()
  })

  it('refuses to write a channel that is not one, and reads a foreign value as none (reported)', async () => {
    const channels = make()
    await expect(channels.mark('g1@chatroom', 'wxid_a', 'poster' as never)).rejects.toThrow(/not a join channel/)
    await redis.set(keys.joinChannel('g1@chatroom', 'wxid_a'), '{"v":2}')
    expect(await channels.take('g1@chatroom', 'wxid_a')).toBeUndefined()
    expect(refused).toEqual([keys.joinChannel('g1@chatroom', 'wxid_a')])
  })
})
