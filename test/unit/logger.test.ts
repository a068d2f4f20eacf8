import { Writable } from 'node:stream'
import { createLogger } from '../../src/logger'

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
