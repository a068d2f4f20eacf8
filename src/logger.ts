import pino, { type Logger } from 'pino'

/** Paths pino blanks out wherever they appear in a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'WECHATY_PUPPET_SERVICE_TOKEN',
  '*.WECHATY_PUPPET_SERVICE_TOKEN',
  'ADMIN_TOKEN',
  '*.ADMIN_TOKEN',
  'REDIS_URL',
  '*.REDIS_URL',
  'password',
  '*.password',
  'env',
]

export interface LoggerOptions {
  level?: string
  /** file descriptor: 1 stdout, 2 stderr (the scenario runner keeps stdout for the transcript) */
  fd?: 1 | 2
  /** a writable to capture lines (tests) */
  stream?: NodeJS.WritableStream
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'qunhq' } }
  if (opts.stream) return pino(options, opts.stream)
  return pino(options, pino.destination({ fd: opts.fd ?? 1, sync: false }))
}
