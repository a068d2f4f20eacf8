import { rulesSection } from '../config/sections/rules'
import { fromFeature } from '../plugin'
import { rulesFeature } from './rules-feature'

/** Spam rules, welcomes, intros, nicknames in managed groups; owns `rules:` (and reads each group's `rules:` override). */
export const rulesPlugin = fromFeature('rules', rulesFeature, rulesSection)
