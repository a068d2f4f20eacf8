import type { Logger } from 'pino'
import type { Config } from './schema'

/** What following needs: the config getter and a logger (a feature's context fits). */
export interface ConfigSource {
  config(): Config
  logger: Logger
}

/**
 * Runs `sync` when the config object has changed since the last run. The reload path
 * swaps the config getter's object (main.ts), so identity is the change signal. Features
 * call `check()` on busy paths (one comparison) as a fallback until the app calls their
 * `onConfigReload`; runs never overlap.
 */
export function followConfig(ctx: ConfigSource, what: string, sync: () => Promise<void>) {
  let synced: Config | undefined
  let chain: Promise<void> = Promise.resolve()
  let checking = false

  function enqueue(force: boolean): Promise<void> {
    const next = chain.then(async () => {
      const config = ctx.config()
      if (!force && synced === config) return
      await sync()
      synced = config
    })
    chain = next.catch(() => undefined)
    return next
  }

  return {
    /** syncs now (login, reload), after any run in progress */
    now: (): Promise<void> => enqueue(true),
    /** syncs in the background when the config changed since the last run */
    check(): void {
      if (synced === undefined || synced === ctx.config() || checking) return
      checking = true
      enqueue(false)
        .catch((err: Error) => ctx.logger.error({ err }, '%s: sync after a config change failed', what))
        .finally(() => {
          checking = false
        })
    },
  }
}
