import type { Config } from '../config/schema'
import type { SimBot } from './sim-bot'

/** Where the console of a simulated run is, and a one-time link for its first admin. */
export interface ConsoleSignIn {
  url: string
  /** `roles.admin[0]`; undefined when the config names no admin */
  admin?: string
  /** `<url>/login/<token>`, valid once within `console.linkTtlMinutes` */
  link?: string
  minutes: number
}

/**
 * No one can type `#控制台` into a simulated WeChat: the demo and `npm run sim` sign the first
 * admin in directly, with the same one-time link the command would have sent privately.
 * Undefined when the bot serves no console.
 */
export async function adminSignIn(bot: SimBot, config: Config): Promise<ConsoleSignIn | undefined> {
  const url = bot.app.consoleUrl()
  if (!url) return undefined
  const minutes = config.console.linkTtlMinutes
  const admin = config.roles.admin[0]
  if (!admin) return { url, minutes }
  const token = await bot.app.consoleAuth.createLink(admin, minutes * 60_000)
  return { url, admin, link: `${url}/login/${token}`, minutes }
}
