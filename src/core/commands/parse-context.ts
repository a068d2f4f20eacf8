export interface ParseContext {
  /** IANA zone for once-only schedule times; default Asia/Shanghai */
  timeZone?: string
  /** epoch ms; a once-only schedule at or before it is refused. Unset: not checked. */
  now?: number
  /** longer input is refused before it is tokenised; default `MAX_COMMAND_LENGTH` */
  maxLength?: number
}

/**
 * A command holds at most one message text (`outbound.maxTextLength`, ≤ 20,000) and a
 * target list; 100,000 characters leaves room for a `群:` list of thousands of names while
 * a pasted megabyte is refused at once instead of being tokenised whole.
 */
export const MAX_COMMAND_LENGTH = 100_000

export const defaultTimeZone = 'Asia/Shanghai'
