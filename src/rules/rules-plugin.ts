import { rulesSection } from '../config/sections/rules'
import { fromFeature } from '../plugin'
import { rulesFeature, type RulesOptions } from './rules-feature'

/** The rules plugin with options (tests give the ads learner a trainer they control). */
export const createRulesPlugin = (options: RulesOptions = {}) => fromFeature('rules', (ctx) => rulesFeature(ctx, options), rulesSection)

/** Spam rules, welcomes, intros, nicknames in managed groups; owns `rules:` (and reads each group's `rules:` override). */
export const rulesPlugin = createRulesPlugin()
