import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Logger } from 'pino'
import { freePort } from '../net/free-port'
import { DEFAULT_REDIS_URL, pingRedis } from './redis'

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError'
}

export interface RedisEndpoint {
  url: string
  /** stops the private redis-server, if one was started */
  stop(): Promise<void>
}


/**
 * A newcomer's default: use REDIS_URL when set; else a Redis on 127.0.0.1:6379 when one
 * answers; else start a private `redis-server` with its data under `dataDir` and
 * append-only persistence, and stop it on exit.
 */
export async function ensureRedis(opts: {
  url: string | undefined
  dataDir: string
  logger: Logger
  /** where to look for a running Redis first (tests point it at a free port) */
  localUrl?: string
}): Promise<RedisEndpoint> {
  const local = opts.localUrl ?? DEFAULT_REDIS_URL
  const noop = async () => undefined
  if (opts.url) {
    await pingRedis(opts.url).catch((err: Error) => {
      throw new RedisUnavailableError(`REDIS_URL does not answer (${err.message}). Start that Redis or fix REDIS_URL in .env.`)
    })
    return { url: opts.url, stop: noop }
  }
  try {
    await pingRedis(local)
    return { url: local, stop: noop }
  } catch {
    // nothing on the default port: start our own below
  }
  if (spawnSync('redis-server', ['--version']).error) {
    throw new RedisUnavailableError(
      'No Redis answers on 127.0.0.1:6379 and redis-server is not installed. ' +
        'Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), ' +
        'or run `docker compose up -d redis`, or set REDIS_URL in .env.',
    )
  }
  const dir = resolve(opts.dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const endpoint = await startRedisServer([...EMBEDDED_REDIS_ARGS, '--dir', dir])
  opts.logger.info({ url: endpoint.url, dir }, 'started a private redis-server (data under %s)', dir)
  // where `npm run ads -- learn/check` finds the running bot's Redis (scripts/ads-deployment.ts)
  const urlFile = embeddedUrlFile(opts.dataDir)
  writeFileSync(urlFile, `${endpoint.url}\n`)
  return {
    url: endpoint.url,
    async stop() {
      rmSync(urlFile, { force: true })
      await endpoint.stop()
    },
  }
}

/** The file that holds the URL of the private redis-server while it runs. */
export const embeddedUrlFile = (dataDir: string): string => join(resolve(dataDir, 'redis'), 'url')

/**
 * The embedded Redis always keeps an append-only file: queued sends and broadcasts must
 * survive its restart. noeviction: BullMQ's keys must never be evicted.
 */
export const EMBEDDED_REDIS_ARGS: readonly string[] = [
  '--appendonly', 'yes',
  '--appendfsync', 'everysec',
  '--maxmemory-policy', 'noeviction',
  '--save', '',
]

/** Starts `redis-server` on loopback (a free port unless given) with these arguments; resolves once it answers. */
export async function startRedisServer(args: readonly string[], port?: number): Promise<RedisEndpoint & { port: number }> {
  port ??= await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...args], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  await waitFor(() => pingRedis(url, 500), 10000).catch(() => {
    child.kill('SIGTERM')
    throw new RedisUnavailableError(`started redis-server on port ${port}, but it did not answer`)
  })
  return { url, port, stop: () => stopChild(child) }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  await new Promise<void>((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

async function waitFor(check: () => Promise<void>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (err) {
      if (Date.now() > end) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}
