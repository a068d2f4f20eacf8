/**
 * What the operator did wrong, in Chinese: the message pipeline's error boundary answers an
 * HQ command that throws one with its text. Any other error gets the short internal-error
 * reply and a log line. Checked by `name`, which survives crossing module copies.
 */
export class UserError extends Error {
  override name = 'UserError'
}

export const isUserError = (err: unknown): err is UserError =>
  typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'UserError' && typeof (err as { message?: unknown }).message === 'string'
