import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import IORedis from 'ioredis'
import pino, { type Logger } from 'pino'
import { startRedisServer } from '../../src/store/embedded-redis'

/**
 * A redis-server of the test's own, on a free port with its files in a temporary
 * directory, for tests that change what the shared Redis must never change (maxmemory,
 * persistence, disabled commands).
 */
export async function privateRedis(args: string[]): Promise<{ url: string; admin: IORedis; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'qunhq-redis-'))
  const server = await startRedisServer(['--dir', dir, ...args])
  const admin = new IORedis(server.url, { maxRetriesPerRequest: 1 })
  admin.on('error', () => undefined)
  return {
    url: server.url,
    admin,
    async stop() {
      admin.disconnect()
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

/** A pino logger whose lines are kept (parsed) for the test to count and read. */
export function capturedLogger(level = 'info'): { logger: Logger; lines: LogLine[]; raw: string[] } {
  const lines: LogLine[] = []
  const raw: string[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue
        raw.push(line)
        lines.push(JSON.parse(line) as LogLine)
      }
      done()
    },
  })
  return { logger: pino({ level }, sink), lines, raw }
}
