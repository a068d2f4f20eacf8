import { Writable } from 'node:stream'
import type { Logger } from 'pino'
import { log as wechatyLog } from 'wechaty'
import { createLogger, createSecretScrubber } from '../../src/logger'
import { routeConsole, routeWechatyLogs, setWechatyLogLevel } from '../../src/wechat/wechaty-log'

function capture() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { lines, logger: createLogger({ level: 'info', stream }) }
}

describe('logs never carry secrets', () => {
  it.each([
    [{ token: 'puppet_padlocal_secret' }],
    [{ puppet: { token: 'puppet_padlocal_secret' } }],
    [{ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_secret' }],
    [{ env: { WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_secret' } }],
    [{ REDIS_URL: 'redis://:puppet_padlocal_secret@host:6379' }],
    [{ ADMIN_TOKEN: 'puppet_padlocal_secret' }],
  ])('%j is redacted', (fields) => {
    const { lines, logger } = capture()
    logger.info(fields, 'starting')
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('puppet_padlocal_secret')
    expect(lines[0]).toContain('starting')
  })

  it('keeps ordinary fields', () => {
    const { lines, logger } = capture()
    logger.info({ room: 'g1@chatroom', job: 'B1-g1@chatroom' }, 'sent')
    expect(JSON.parse(lines[0]!)).toMatchObject({ room: 'g1@chatroom', job: 'B1-g1@chatroom', msg: 'sent' })
  })
})

describe('secret values are blanked wherever they appear in a line', () => {
  const hex = '5f0c9a7e13b24d68a0e1f2c3b4a59687'
  const token = `puppet_padlocal_${hex}`
  function scrubbed(level = 'info') {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    return { lines, logger: createLogger({ level, stream, scrub: createSecretScrubber([token, undefined]) }) }
  }

  it.each([
    ['a message', (l: Logger) => l.info(`discover() for "${token}"`)],
    ['a URL', (l: Logger) => l.warn(`target wechaty://api.chatie.io/${token}: token does not exist`)],
    ['the token part alone', (l: Logger) => l.info(`sni puppet_padlocal, key ${hex}`)],
    ['a URL-encoded field', (l: Logger) => l.info({ url: `https://x/${encodeURIComponent(token)}` }, 'get')],
    ['an error stack', (l: Logger) => l.error({ err: new Error(`no service for ${token}`) }, 'failed')],
  ])('in %s', (_name, write) => {
    const { lines, logger } = scrubbed()
    write(logger)
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain(hex)
    expect(lines[0]).toContain('[redacted]')
    expect(() => JSON.parse(lines[0]!)).not.toThrow()
  })

  it('in what Wechaty and its dependencies print (brolog, console), at trace', () => {
    const { lines, logger } = scrubbed('trace')
    const saved = { ...console }
    try {
      routeWechatyLogs(logger)
      routeConsole(logger)
      wechatyLog.verbose('GrpcManager', 'constructor() token: "%s"', token)
      wechatyLog.silly('WechatyToken', 'discover() for "%s"', token)
      console.error(new Error(`endpoint<https://api.chatie.io/v0/hosties/${token}> rejection`))
    } finally {
      Object.assign(console, saved)
      setWechatyLogLevel('silent')
    }
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line).not.toContain(hex)
    expect(lines.map((l) => (JSON.parse(l) as { level: number }).level)).toEqual([20, 10, 50])
    expect(lines[0]).toContain('GrpcManager constructor() token: \\"[redacted]\\"')
  })
})
