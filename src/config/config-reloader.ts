import type { Logger } from 'pino'
import { ConfigError, loadConfig } from './load-config'
import type { Config } from './schema'

/**
 * The config in force and how to re-read it (SIGHUP, `#规则 重载`). A file with a bad key —
 * a regex that can backtrack catastrophically included — is refused whole: the running
 * config stays and the caller gets the problems, each naming its key.
 */
export function createConfigReloader(deps: {
  initial: Config
  env: Record<string, string | undefined>
  readFile: (path: string) => string | undefined
  /** whether a media file is there (default: whether it reads) */
  fileExists?: (path: string) => boolean
  logger: Pick<Logger, 'info' | 'warn' | 'error'>
  file: string | undefined
}) {
  let config = deps.initial
  return {
    config: (): Config => config,
    /** undefined when the new config is in force, else the problems (and the old one stays) */
    reload(): string[] | undefined {
      try {
        const reloaded = loadConfig(deps.env, deps.readFile, deps.fileExists)
        config = reloaded.config
        for (const warning of reloaded.warnings) deps.logger.warn({ file: deps.file }, warning)
        deps.logger.info({ file: deps.file }, 'config reloaded')
        return undefined
      } catch (err) {
        if (err instanceof ConfigError) {
          deps.logger.error({ problems: err.problems }, 'config reload refused; the running config stays')
          return err.problems
        }
        throw err
      }
    },
  }
}
