import type { Config } from '../config/schema'
import { managedGroups, type ManagedGroup } from '../core/groups'
import type { GroupRegistry } from './group-registry'

const GROUPS_CACHE_MS = 5000

/**
 * Every message asks for the managed groups; with 1,000 groups reading and sorting them
 * each time dominated the bot's cost. Cached between registry writes and config changes,
 * and for at most a few seconds (another process may write the registry).
 */
export function createCachedGroups(deps: { registry: GroupRegistry; config: () => Config; now: () => number }): () => Promise<ManagedGroup[]> {
  const { registry } = deps
  let cache: { version: number; config: Config; at: number; value: Promise<ManagedGroup[]> } | undefined
  return () => {
    const config = deps.config()
    const c = cache
    if (c && c.version === registry.version() && c.config === config && deps.now() - c.at < GROUPS_CACHE_MS) return c.value
    const value = (async () => managedGroups(config, await registry.all(), await registry.tagOverrides()))()
    cache = { version: registry.version(), config, at: deps.now(), value }
    value.catch(() => (cache = undefined))
    return value
  }
}
