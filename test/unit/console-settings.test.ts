import { consoleSettingsFromEnv } from '../../src/http/console-host'
import { localUrl } from '../../src/http/console-server'

describe('the console settings from the environment', () => {
  it('binds 127.0.0.1 unless HTTP_HOST says otherwise, and trusts no proxy unless HTTP_TRUST_PROXY names one', () => {
    expect(consoleSettingsFromEnv({}, 8080)).toEqual({ port: 8080, host: '127.0.0.1' })
    const token = 'x'.repeat(40)
    expect(consoleSettingsFromEnv({ HTTP_HOST: '0.0.0.0', ADMIN_TOKEN: token, HTTP_TRUST_PROXY: '10.0.0.0/8' }, 80)).toEqual({
      port: 80,
      host: '0.0.0.0',
      adminToken: token,
      trustProxy: '10.0.0.0/8',
    })
  })
})

describe('the console address printed without console.publicUrl', () => {
  it('is loopback when the console binds every interface or loopback, else the address it binds', () => {
    expect(localUrl(undefined, 80)).toBe('http://127.0.0.1:80')
    expect(localUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80')
    expect(localUrl('::', 80)).toBe('http://127.0.0.1:80')
    expect(localUrl('10.0.0.5', 8080)).toBe('http://10.0.0.5:8080')
    expect(localUrl('fd00::5', 8080)).toBe('http://[fd00::5]:8080')
    expect(localUrl('::1', 8080)).toBe('http://[::1]:8080')
    expect(localUrl('localhost', 8080)).toBe('http://localhost:8080')
  })
})
