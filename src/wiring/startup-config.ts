/**
 * The config `npm start` runs with, or the text it refuses to start with (main.ts writes it to
 * stderr and exits 2): every problem named by its key, never a stack trace. Apart from main.ts
 * so tests can check each refusal in-process.
 */
import { hostname as osHostname } from 'node:os'
import { processAccounts, type ProcessAccounts } from '../accounts/process-accounts'
import { accountEnvProblems } from '../config/accounts-schema'
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load-config'
import { puppetEnvProblems } from '../wechat/create-bot'

/** `several`: the accounts of this process when it runs more than one (issue 23) */
export type StartupConfig = { loaded: LoadedConfig; several?: ProcessAccounts } | { refusal: string }

export function readStartupConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string | undefined,
  fileExists?: (path: string) => boolean,
  hostname = osHostname(),
): StartupConfig {
  try {
    const loaded = loadConfig(env, readFile, fileExists)
    // the demo runs its own accounts
    const several = loaded.env.WECHATY_PUPPET ? processAccounts({ env: loaded.env, vars: env, accounts: loaded.config.accounts, hostname, readFile }) : undefined
    if (several && 'problems' in several) throw new ConfigError(several.problems)
    // one account: its token, and it must be one of accounts.list
    const problems = several ? [] : puppetEnvProblems(loaded.env)
    if (loaded.env.WECHATY_PUPPET && !several) problems.push(...accountEnvProblems(loaded.config.accounts, loaded.env.QUNHQ_ACCOUNT))
    if (problems.length) throw new ConfigError(problems)
    return several ? { loaded, several } : { loaded }
  } catch (err) {
    if (err instanceof ConfigError) return { refusal: `配置有误 (invalid config):\n${err.problems.map((p) => `  ${p}`).join('\n')}\n` }
    throw err
  }
}
