/** Who a ban / remove / warn is about: `@name` (a mention) or a contact id such as `wxid_abc`. */
import { argNames, commandErrors } from '../../texts'
import { problem, type ContactRef, type Problem } from '../../core/commands/arg-types'
import { looksLikeTarget } from '../../core/commands/parse-target'

export function parseContactRef(token: string): ContactRef | Problem {
  if (token.startsWith('@') || token.startsWith('＠')) {
    const name = token.slice(1).trim()
    return name === '' ? problem(commandErrors.badMention) : { kind: 'mention', name }
  }
  // `#移出 群:北京1群` forgot the contact; do not read the target as one
  if (looksLikeTarget(token)) return problem(commandErrors.missing(argNames.contact))
  return { kind: 'id', id: token }
}
