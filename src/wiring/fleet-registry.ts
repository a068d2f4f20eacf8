import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createFleet, type Fleet } from '../accounts/fleet'
import type { Config } from '../config/schema'
import { createGroupRegistry, type GroupRegistry } from '../store/group-registry'
import type { Keys } from '../store/keys'
import { logRefused } from '../store/stored-json'

/**
 * The account's place among the bot's accounts (who serves which room) and the registry of
 * its groups, which leaves out the rooms another account serves.
 */
export function createFleetAndRegistry(deps: {
  client: Redis
  keys: Keys
  account: string
  config: () => Config
  now: () => number
  multiAccount: boolean | undefined
  logger: Logger
}): { fleet: Fleet; registry: GroupRegistry } {
  const { client, keys } = deps
  const onBad = logRefused(deps.logger.child({ part: 'store' }))
  const fleet = createFleet({ redis: client, keys, account: deps.account, config: deps.config, now: deps.now, multiAccount: deps.multiAccount, onBad })
  const registry = createGroupRegistry(client, keys, onBad, (ids) =>
    fleet.enabled() ? fleet.serving.heldElsewhere(ids) : Promise.resolve(new Set<string>()),
  )
  return { fleet, registry }
}
