import { parseConfigObject } from '../../src/config/load-config'
import type { AppContext } from '../../src/feature'
import type { QrReader } from '../../src/images/qr-reader'
import { inboundQr } from '../../src/wiring/inbound-qr'

/** Whether an image is read for a QR code, when the managed groups cannot be read from Redis. */
describe('reading images while Redis cannot answer', () => {
  const config = parseConfigObject({})
  const qr = { read: async () => undefined } as unknown as QrReader
  const withGroups = (groups: () => Promise<unknown[]>) => inboundQr({ groups, config: () => config } as unknown as AppContext, qr)!

  it('reads the image when the groups cannot be read for an outage (it may be held and replayed with what was read now)', async () => {
    const gone = withGroups(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })
    })
    await expect(gone.shouldRead('g1@chatroom')).resolves.toBe(true)
    const loading = withGroups(async () => {
      throw new Error('LOADING Redis is loading the dataset in memory')
    })
    await expect(loading.shouldRead('g1@chatroom')).resolves.toBe(true)
  })

  it('passes any other error on, and reads nothing in a group it does not manage', async () => {
    await expect(withGroups(async () => Promise.reject(new Error('a bug'))).shouldRead('g1@chatroom')).rejects.toThrow('a bug')
    await expect(withGroups(async () => []).shouldRead('g1@chatroom')).resolves.toBe(false)
  })
})
