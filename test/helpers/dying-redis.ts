import type { Redis } from 'ioredis'

/**
 * A Redis client of a process that dies after `roundTrips` calls: each command and each
 * MULTI/EXEC is one round trip; every later call fails as on a closed connection. What got
 * through stays in Redis, as after a `kill -9` between two writes. The real client is used
 * throughout (no mock): only the process's "death" is simulated.
 */
export function dyingAfter(redis: Redis, roundTrips: number): Redis {
  let left = roundTrips
  const spend = () => {
    if (left <= 0) return Promise.reject(new Error('Connection is closed.'))
    left--
    return undefined
  }
  return new Proxy(redis, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof value !== 'function') return value
      if (prop === 'multi' || prop === 'pipeline') {
        return (...args: unknown[]) => {
          const pipeline = (value as (...a: unknown[]) => { exec: () => Promise<unknown> }).apply(target, args)
          const exec = pipeline.exec.bind(pipeline)
          pipeline.exec = () => spend() ?? exec()
          return pipeline
        }
      }
      return (...args: unknown[]) => spend() ?? (value as (...a: unknown[]) => unknown).apply(target, args)
    },
  })
}
