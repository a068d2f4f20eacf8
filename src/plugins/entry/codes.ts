/**
 * Redemption codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), with
 * at least one digit and one letter, so an English word typed in a chat is rarely a code.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CODE_LENGTH = 8

const codePattern = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`)

/** `pick(n)` returns a uniform integer in [0, n): crypto randomness in the bot, a seeded one in tests */
export function makeCode(pick: (n: number) => number): string {
  for (;;) {
    let code = ''
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)]
    if (/\d/.test(code) && /[A-Z]/.test(code)) return code
  }
}

/** `count` distinct codes */
export function makeCodes(count: number, pick: (n: number) => number): string[] {
  const codes = new Set<string>()
  while (codes.size < count) codes.add(makeCode(pick))
  return [...codes]
}

/** The code a message holds: the whole text, any case, full-width letters and spaces or dashes between groups allowed. */
export function parseCode(text: string): string | undefined {
  const compact = text.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase()
  if (!codePattern.test(compact)) return undefined
  return /\d/.test(compact) && /[A-Z]/.test(compact) ? compact : undefined
}
