import pino, { type DestinationStream, type Logger } from 'pino'

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

export const REDACTED = '[redacted]'

/**
 * A function that blanks out secret *values* anywhere in a text: inside messages, URLs and
 * error stacks, where path-based redaction cannot look (Wechaty puts the puppet token in
 * its resolver URLs). Besides the whole value it blanks the part after the provider's prefix
 * (`puppet_padlocal_<this>`), alone and URL- or JSON-escaped.
 */
export function createSecretScrubber(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue
    forms.add(secret)
    const tail = secret.slice(secret.lastIndexOf('_') + 1)
    if (tail.length >= 8) forms.add(tail)
  }
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form))
    forms.add(JSON.stringify(form).slice(1, -1))
  }
  // longest first, so a whole token is replaced before its tail would split it
  const ordered = [...forms].sort((a, b) => b.length - a.length)
  if (!ordered.length) return (text) => text
  return (text) => {
    let out = text
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED)
    return out
  }
}

export interface LoggerOptions {
  level?: string
  /** file descriptor: 1 stdout, 2 stderr (the scenario runner keeps stdout for the transcript) */
  fd?: 1 | 2
  /** a writable to capture lines (tests) */
  stream?: NodeJS.WritableStream
  /** applied to every finished line (see createSecretScrubber) */
  scrub?: (line: string) => string
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: REDACTED }, base: { app: 'qunhq' } }
  const dest: DestinationStream = opts.stream ?? pino.destination({ fd: opts.fd ?? 1, sync: false })
  const scrub = opts.scrub
  if (!scrub) return pino(options, dest)
  return pino(options, { write: (line: string) => dest.write(scrub(line)) })
}
