import { deploymentPrefix, hasHashTag } from '../../src/store/keys'
import { isClusterUrl, parseRedisTarget, redisUrlPassword, RedisUrlError } from '../../src/store/redis-target'

describe('REDIS_URL forms', () => {
  it.each([
    ['redis://127.0.0.1:6379', { cluster: false, url: 'redis://127.0.0.1:6379' }],
    ['rediss://:pw@redis.example:6380/2', { cluster: false, url: 'rediss://:pw@redis.example:6380/2' }],
    [
      'redis://127.0.0.1:7000,redis://127.0.0.1:7001',
      { cluster: true, nodes: [{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }], tls: false },
    ],
    [
      'rediss://u:p%40ss@10.0.0.1:7000, rediss://10.0.0.2:7000',
      { cluster: true, nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7000 }], username: 'u', password: 'p@ss', tls: true },
    ],
    ['redis+cluster://10.0.0.1:7000', { cluster: true, nodes: [{ host: '10.0.0.1', port: 7000 }], tls: false }],
    [
      'rediss+cluster://:secret@a.example:7000,b.example:7001',
      { cluster: true, nodes: [{ host: 'a.example', port: 7000 }, { host: 'b.example', port: 7001 }], password: 'secret', tls: true },
    ],
  ])('%s', (url, want) => {
    expect(parseRedisTarget(url)).toEqual(want)
    expect(isClusterUrl(url)).toBe(want.cluster)
  })

  it('refuses a list with a non-Redis URL or a node without a port, naming it', () => {
    expect(() => parseRedisTarget('redis://a:1,http://b:2')).toThrow(new RedisUrlError('REDIS_URL: "http://b:2" in the cluster list is not a redis:// or rediss:// URL'))
    expect(() => parseRedisTarget('redis+cluster://a:7000,b')).toThrow(/every cluster node needs host:port \(got "b"\)/)
  })

  it('finds the password in every form, for the log scrubber', () => {
    expect(redisUrlPassword('redis://:pw@h:1')).toBe('pw')
    expect(redisUrlPassword('redis://:pw@h:1,redis://h:2')).toBe('pw')
    expect(redisUrlPassword('redis+cluster://u:pw@h:1,h:2')).toBe('pw')
    expect(redisUrlPassword('redis://h:1')).toBeUndefined()
    expect(redisUrlPassword(undefined)).toBeUndefined()
  })
})

describe('the prefix on a cluster', () => {
  it.each([
    ['qunhq', false, 'qunhq'],
    ['qunhq', true, '{qunhq}'],
    ['{qunhq}', true, '{qunhq}'],
    ['prod-{qunhq}', true, 'prod-{qunhq}'],
    // `{}` is no hash tag: Redis hashes the whole key
    ['a{}b', true, '{a{}b}'],
  ])('%s (cluster %s) → %s', (prefix, cluster, want) => {
    expect(deploymentPrefix(prefix, cluster)).toBe(want)
    expect(hasHashTag(deploymentPrefix(prefix, true))).toBe(true)
  })
})
