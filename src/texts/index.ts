/**
 * Every text a member or operator reads lives under `src/texts/`, so wording can be
 * reviewed and changed in one place. Code never builds user-facing Chinese inline.
 */
export * from './bot'
export * from './commands'
export * from './hq'
export * from './analytics'
export * from './rules'
export * from './rules-digest'
export * from './ads'
export * from './schedule'
export * from './limits'
export * from './redis'
export * from './accounts'
export * from './console'
export * from './media'
