/** Texts the bot says in groups and to HQ (not command usages: see ./commands). */
export const botMessages = {} as const
