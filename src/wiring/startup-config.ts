/**
 * The config `npm start` runs with, or the text it refuses to start with (main.ts writes it to
 * stderr and exits 2): every problem named by its key, never a stack trace. Apart from main.ts
 * so tests can check each refusal in-process.
 */
import { accountEnvProblems } from '../config/accounts-schema'
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load-config'
import { puppetEnvProblems } from '../wechat/create-bot'

export type StartupConfig = { loaded: LoadedConfig } | { refusal: string }

export function readStartupConfig(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string | undefined,
  fileExists?: (path: string) => boolean,
): StartupConfig {
  try {
    const loaded = loadConfig(env, readFile, fileExists)
    const problems = puppetEnvProblems(loaded.env)
    // the demo runs its own accounts; a real account must be one of accounts.list
    if (loaded.env.WECHATY_PUPPET) problems.push(...accountEnvProblems(loaded.config.accounts, loaded.env.QUNHQ_ACCOUNT))
    if (problems.length) throw new ConfigError(problems)
    return { loaded }
  } catch (err) {
    if (err instanceof ConfigError) return { refusal: `配置有误 (invalid config):\n${err.problems.map((p) => `  ${p}`).join('\n')}\n` }
    throw err
  }
}
