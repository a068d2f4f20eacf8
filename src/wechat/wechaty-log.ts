import { format } from 'node:util'
import type { Logger } from 'pino'
import { log } from 'wechaty'
import { log as puppetLog } from 'wechaty-puppet'

type BrologLevel = 'silent' | 'error' | 'warn' | 'info' | 'verbose' | 'silly'

/** What QunHQ needs of a brolog logger (brolog is Wechaty's dependency, not ours). */
interface Brolog {
  level(name: BrologLevel): unknown
  enableLogging(printer: boolean | ((title: string, text: string) => void)): unknown
  timestamp(enable: boolean): void
}

/**
 * Every brolog logger Wechaty's packages print through: wechaty-puppet's own instance (also
 * wechaty's `log`) and brolog's global one, which wechaty-token (the puppet service's
 * endpoint discovery, whose lines carry the token), file-box and memory-card use.
 */
function brologs(): Brolog[] {
  const global = (puppetLog.constructor as unknown as { instance(): Brolog }).instance()
  return [...new Set<Brolog>([log as unknown as Brolog, puppetLog as unknown as Brolog, global])]
}

/** Wechaty and its puppets log through brolog to stderr; QunHQ logs through pino. Keep theirs quiet. */
export function setWechatyLogLevel(level: 'silent' | 'error' | 'warn' | 'info' | 'verbose'): void {
  for (const b of brologs()) b.level(level)
}

const PINO_LEVEL_OF_TITLE: Record<string, 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  ERR: 'error',
  WARN: 'warn',
  INFO: 'info',
  VERB: 'debug',
  SILL: 'trace',
}

/**
 * Sends every line Wechaty, its puppets and their dependencies print through `logger`, so
 * that the logger's redaction and secret scrubbing apply to them too. Wechaty's own lines
 * are detail: they show at debug (brolog verbose) and trace (brolog silly); its errors
 * reach QunHQ as `error` events anyway. The rest of the time they stay silent, as before.
 */
export function routeWechatyLogs(logger: Logger): void {
  const wechaty = logger.child({ from: 'wechaty' })
  const level: BrologLevel = logger.level === 'trace' ? 'silly' : logger.level === 'debug' ? 'verbose' : 'silent'
  for (const b of brologs()) {
    b.level('silent') // enableLogging logs its own call through the old printer
    b.timestamp(false)
    b.enableLogging((title, text) => wechaty[PINO_LEVEL_OF_TITLE[title] ?? 'info'](text.replace(/^(ERR|WARN|INFO|VERB|SILL) /, '')))
    b.level(level)
  }
}

/**
 * Dependencies that print with `console.*` (wechaty-token prints its discovery errors,
 * grpc-js its own log, GRPC_VERBOSITY / GRPC_TRACE) go through `logger` as well. Called
 * once, by main: it replaces the process-wide console methods.
 */
export function routeConsole(logger: Logger): void {
  const from = logger.child({ from: 'console' })
  const to = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') => (...args: unknown[]) => from[level](format(...args))
  console.error = to('error')
  console.warn = to('warn')
  console.info = to('info')
  console.log = to('info')
  console.debug = to('debug')
  console.trace = to('trace')
}
