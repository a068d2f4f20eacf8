import IORedis from 'ioredis'

/** Removes every key under `prefix:` (a finished scenario, a test). SCAN, never KEYS. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 3 })
  redis.on('error', () => undefined)
  let deleted = 0
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`
    let cursor = '0'
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
      cursor = next
      if (batch.length) deleted += await redis.unlink(...batch)
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
  return deleted
}
