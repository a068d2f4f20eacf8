import { createRedisFactory, scanNodes } from './redis'

/**
 * Removes every key under `prefix:` (a finished scenario, a test). SCAN, never KEYS; on a
 * Redis Cluster, SCAN on each master, and one UNLINK per key (keys of different slots never
 * share a command).
 */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const factory = createRedisFactory(url, { maxRetriesPerRequest: 3 })
  const redis = factory.client()
  let deleted = 0
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`
    if (factory.cluster) await redis.cluster('SLOTS') // the node list is known once a command went through
    for (const node of scanNodes(redis)) {
      let cursor = '0'
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
        cursor = next
        if (!batch.length) continue
        if (!factory.cluster) deleted += await node.unlink(...batch)
        else for (const key of batch) deleted += await node.unlink(key)
      } while (cursor !== '0')
    }
  } finally {
    factory.disconnectAll()
  }
  return deleted
}
