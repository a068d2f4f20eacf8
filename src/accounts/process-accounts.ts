import type { AccountsConfig } from '../config/accounts-schema'
import type { Env } from '../config/env'

/** The env variable of one account's puppet token: `WECHATY_PUPPET_SERVICE_TOKEN_A1` for `a1`. */
export const tokenVariable = (account: string) => `WECHATY_PUPPET_SERVICE_TOKEN_${account.toUpperCase().replace(/-/g, '_')}`

export interface ProcessAccounts {
  ids: string[]
  /** each account's puppet token (puppet service only) */
  tokens: Map<string, string>
}

/**
 * The accounts this process runs when it runs several (issue 23): `QUNHQ_ACCOUNTS=a1,a2`,
 * or the `accounts.list` entries whose `host` is this machine's name. Undefined: one account
 * per process (`QUNHQ_ACCOUNT`), as before. Each account's token comes from
 * `WECHATY_PUPPET_SERVICE_TOKEN_<ID>` or from the `QUNHQ_TOKENS_FILE` (`id=token` lines).
 */
export function processAccounts(deps: {
  env: Env
  vars: Record<string, string | undefined>
  accounts: AccountsConfig
  hostname: string
  readFile: (path: string) => string | undefined
}): ProcessAccounts | { problems: string[] } | undefined {
  const { env, accounts } = deps
  const fromEnv = env.QUNHQ_ACCOUNTS?.split(',').map((id) => id.trim())
  const fromHost = accounts.list.filter((a) => a.host === deps.hostname).map((a) => a.id)
  const ids = fromEnv ?? (fromHost.length ? fromHost : undefined)
  if (!ids) return undefined
  const problems: string[] = []
  if (new Set(ids).size !== ids.length) problems.push('env.QUNHQ_ACCOUNTS: an account is named twice')
  const listed = accounts.list.map((a) => a.id)
  if (listed.length) for (const id of ids) if (!listed.includes(id)) problems.push(`env.QUNHQ_ACCOUNTS: "${id}" is not in accounts.list (${listed.join(', ')})`)
  const tokens = new Map<string, string>()
  if (env.WECHATY_PUPPET === 'wechaty-puppet-service') {
    const file = env.QUNHQ_TOKENS_FILE ? deps.readFile(env.QUNHQ_TOKENS_FILE) : undefined
    if (env.QUNHQ_TOKENS_FILE && file === undefined) problems.push(`env.QUNHQ_TOKENS_FILE: file not found: ${env.QUNHQ_TOKENS_FILE}`)
    for (const line of (file ?? '').split('\n')) {
      const m = line.trim().match(/^([A-Za-z0-9_-]+)\s*=\s*(\S+)$/)
      if (m) tokens.set(m[1]!, m[2]!)
    }
    for (const id of ids) {
      const own = deps.vars[tokenVariable(id)]?.trim()
      if (own) tokens.set(id, own)
      if (!tokens.has(id)) problems.push(`env.${tokenVariable(id)}: required for account ${id} with WECHATY_PUPPET=wechaty-puppet-service (or a line "${id}=<token>" in QUNHQ_TOKENS_FILE)`)
    }
  }
  return problems.length ? { problems } : { ids, tokens }
}
