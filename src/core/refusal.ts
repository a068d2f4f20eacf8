/**
 * Whether a failed WeChat call means "this account is banned or rate-limited" (issue 11):
 * the signal that hands an account's groups to the others. Pure; table-driven tests in
 * test/unit/refusal.test.ts. Which entries are seen in the wild and which are guesses is
 * in docs/architecture.md ("Refusals").
 */
export type Refusal = 'rate-limited' | 'banned'

/** what a failed call carries: its message, and the gRPC status code when it came through puppet-service */
export interface CallFailure {
  message: string
  code?: unknown
}

/** gRPC status codes (wechaty-puppet-service surfaces them as `err.code`) */
const GRPC_RESOURCE_EXHAUSTED = 8

const TEXTS: [RegExp, Refusal][] = [
  // WeChat's own wording: 「操作过于频繁，可稍后再试。」(puppet-padlocal#109), 「发送消息过于频繁」(padplus#245)
  [/过于频繁|操作太频繁/, 'rate-limited'],
  // the client's ban notices: 账号异常 / 帐号异常, 账号被封, 封号 (a guess as a puppet error text)
  [/账号异常|帐号异常|账号被封|帐号被封|封号/, 'banned'],
  // English renderings some puppets use (guesses)
  [/too frequent|frequently|rate.?limit/i, 'rate-limited'],
  [/\bbanned\b|account (is )?(blocked|suspended)/i, 'banned'],
]

/** gRPC's size limit also answers RESOURCE_EXHAUSTED (puppet-service#41, grpc#71): not WeChat refusing the account */
const MESSAGE_TOO_LARGE = /larger than max|exceeds maximum size/i

export function classifyRefusal(failure: CallFailure): Refusal | undefined {
  for (const [pattern, kind] of TEXTS) if (pattern.test(failure.message)) return kind
  const code = typeof failure.code === 'number' ? failure.code : Number.NaN
  if (code === GRPC_RESOURCE_EXHAUSTED || /\bRESOURCE_EXHAUSTED\b/.test(failure.message)) {
    return MESSAGE_TOO_LARGE.test(failure.message) ? undefined : 'rate-limited'
  }
  return undefined
}

/** the failure of a call, read from whatever was thrown */
export function callFailure(err: unknown): CallFailure {
  if (err instanceof Error) return { message: err.message, code: (err as { code?: unknown }).code }
  return { message: String(err) }
}
