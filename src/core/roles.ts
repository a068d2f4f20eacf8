import type { Config } from '../config/schema'
import type { HqRole } from './commands/hq-role'

/** The highest HQ role a contact holds, or undefined. */
export function roleOf(config: Config, contactId: string): HqRole | undefined {
  if (config.roles.admin.includes(contactId)) return 'admin'
  if (config.roles.operator.includes(contactId)) return 'operator'
  if (config.roles.viewer.includes(contactId)) return 'viewer'
  return undefined
}

/** Every contact holding any role: never acted on by the rules. */
export function roleHolders(config: Config): Set<string> {
  return new Set([...config.roles.admin, ...config.roles.operator, ...config.roles.viewer])
}
