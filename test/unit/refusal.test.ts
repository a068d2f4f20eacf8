import { callFailure, classifyRefusal, type CallFailure } from '../../src/core/refusal'

/** Which failed WeChat calls hand an account's groups to the others (issue 11). */
describe('classifyRefusal', () => {
  it.each<[string, CallFailure, ReturnType<typeof classifyRefusal>]>([
    ['padlocal rate limit text', { message: '操作过于频繁，可稍后再试。' }, 'rate-limited'],
    ['padplus send rate limit', { message: '发送消息过于频繁，可稍后再试。' }, 'rate-limited'],
    ['ban notice', { message: '账号异常' }, 'banned'],
    ['ban notice, traditional form', { message: '帐号异常，请在手机上处理' }, 'banned'],
    ['banned account', { message: '该账号被封' }, 'banned'],
    ['english rate limit', { message: 'send too frequent' }, 'rate-limited'],
    ['english ban', { message: 'account banned by server' }, 'banned'],
    ['gRPC 8 without a size complaint', { message: '8 RESOURCE_EXHAUSTED: quota', code: 8 }, 'rate-limited'],
    ['gRPC 8 by name only', { message: 'RESOURCE_EXHAUSTED: try later' }, 'rate-limited'],
    ['gRPC 8 for a too large message is not a refusal', { message: '8 RESOURCE_EXHAUSTED: Received message larger than max (4861442 vs. 4194304)', code: 8 }, undefined],
    ['gRPC 14 UNAVAILABLE (the service is down) is not', { message: '14 UNAVAILABLE: No connection established', code: 14 }, undefined],
    ['a plain timeout is not', { message: 'timeout', code: 'ETIMEDOUT' }, undefined],
    ['a room gone is not', { message: 'room not found' }, undefined],
  ])('%s', (_what, failure, expected) => {
    expect(classifyRefusal(failure)).toBe(expected)
  })

  it('reads the code off an error', () => {
    const err = Object.assign(new Error('quota'), { code: 8 })
    expect(classifyRefusal(callFailure(err))).toBe('rate-limited')
    expect(callFailure('x')).toEqual({ message: 'x' })
  })
})
